import type { LiveColumn } from '../model/live-state.js';

/**
 * Columns by name: the list itself for the few columns most tables have (a scan beats building a
 * map per table, 10,000 tables in a large setup), a map beyond (a table may have 1,600).
 */
export type ColumnLookup = readonly LiveColumn[] | ReadonlyMap<string, LiveColumn>;

const SCAN_LIMIT = 16;

export function columnLookup(columns: readonly LiveColumn[]): ColumnLookup {
  return columns.length <= SCAN_LIMIT ? columns : new Map(columns.map((c) => [c.name, c]));
}

/** The column named `name` (the last of that name, as a map built from the list keeps). */
export function columnNamed(lookup: ColumnLookup, name: string): LiveColumn | undefined {
  if (!Array.isArray(lookup)) return (lookup as ReadonlyMap<string, LiveColumn>).get(name);
  const columns = lookup as readonly LiveColumn[];
  for (let i = columns.length - 1; i >= 0; i--) if (columns[i]!.name === name) return columns[i];
  return undefined;
}
