/**
 * Columns by name: the list itself for the few columns most tables have (a scan beats building a
 * map per table, 10,000 tables in a large setup), a map beyond (a table may have 1,600).
 */
export type ColumnLookup<C extends { readonly name: string }> = readonly C[] | ReadonlyMap<string, C>;

const SCAN_LIMIT = 16;

export function columnLookup<C extends { readonly name: string }>(columns: readonly C[]): ColumnLookup<C> {
  return columns.length <= SCAN_LIMIT ? columns : new Map(columns.map((c) => [c.name, c]));
}

/** The column named `name` (the last of that name, as a map built from the list keeps). */
export function columnNamed<C extends { readonly name: string }>(
  lookup: ColumnLookup<C>,
  name: string,
): C | undefined {
  if (!Array.isArray(lookup)) return (lookup as ReadonlyMap<string, C>).get(name);
  const columns = lookup as readonly C[];
  for (let i = columns.length - 1; i >= 0; i--) if (columns[i]!.name === name) return columns[i];
  return undefined;
}
