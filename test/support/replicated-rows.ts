import { expect } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { eventually } from './local-env.js';

/**
 * The tables the repository's changesets publish at version 4, with the columns that reach the
 * target (order_items publishes a column list without qty).
 */
export const PUBLISHED_AT_LATEST: Readonly<Record<string, string>> = {
  'public.users': 'id, email, name, created_at',
  'public.orders': 'id, user_id, total, status, created_at',
  'public.order_items': 'order_id, line_no, sku',
  'public."Customer Notes"': 'id, "Note Text"',
};

export type TableDigests = Readonly<Record<string, { readonly rows: number; readonly digest: string }>>;

/** Row count and an md5 of every row's published columns, per table: equal digests, equal data. */
export async function tableDigests(
  url: string,
  tables: Readonly<Record<string, string>> = PUBLISHED_AT_LATEST,
): Promise<TableDigests> {
  return withClient(url, async (c) => {
    const result: Record<string, { rows: number; digest: string }> = {};
    for (const [table, columns] of Object.entries(tables)) {
      const { rows } = await c.query<{ rows: number; digest: string }>(
        `SELECT count(*)::int AS rows,
                md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) AS digest
           FROM (SELECT ROW(${columns}) AS r FROM ${table}) AS t`,
      );
      result[table] = rows[0]!;
    }
    return result;
  });
}

/**
 * Waits until the target's published tables hold exactly the source's rows (replication may still
 * be catching up), then asserts it, so a failure shows both sides.
 */
export async function expectTargetToMatchSource(
  sourceUrl: string,
  targetAppUrl: string,
  tables: Readonly<Record<string, string>> = PUBLISHED_AT_LATEST,
): Promise<TableDigests> {
  let source: TableDigests = {};
  let target: TableDigests = {};
  await eventually(
    'the target to hold the source rows of every published table',
    async () => {
      [source, target] = await Promise.all([
        tableDigests(sourceUrl, tables),
        tableDigests(targetAppUrl, tables),
      ]);
      return JSON.stringify(source) === JSON.stringify(target);
    },
    60_000,
  ).catch(() => undefined);
  expect(target).toEqual(source);
  return source;
}
