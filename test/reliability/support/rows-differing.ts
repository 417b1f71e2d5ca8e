import { withClient } from '../../../src/local/with-client.js';

/**
 * How many rows of the published columns one side holds and the other does not, summed over
 * `tables` (table → published columns, as PUBLISHED_AT_LATEST spells them): a row changed on one
 * side counts twice (its old and its new form), a row missing on one side once. 0 means equal data.
 */
export async function countRowsDiffering(
  sourceUrl: string,
  targetUrl: string,
  tables: Readonly<Record<string, string>>,
): Promise<number> {
  const [source, target] = await Promise.all([
    publishedRows(sourceUrl, tables),
    publishedRows(targetUrl, tables),
  ]);
  let differing = 0;
  for (const table of Object.keys(tables)) {
    const counts = new Map<string, number>();
    for (const row of source.get(table)!) counts.set(row, (counts.get(row) ?? 0) + 1);
    for (const row of target.get(table)!) counts.set(row, (counts.get(row) ?? 0) - 1);
    for (const surplus of counts.values()) differing += Math.abs(surplus);
  }
  return differing;
}

async function publishedRows(
  url: string,
  tables: Readonly<Record<string, string>>,
): Promise<Map<string, readonly string[]>> {
  return withClient(url, async (c) => {
    const rows = new Map<string, readonly string[]>();
    for (const [table, columns] of Object.entries(tables)) {
      const result = await c.query<{ r: string }>(`SELECT ROW(${columns})::text AS r FROM ${table}`);
      rows.set(
        table,
        result.rows.map((row) => row.r),
      );
    }
    return rows;
  });
}
