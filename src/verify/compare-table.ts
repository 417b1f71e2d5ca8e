import type { Queryable } from '../introspect/queryable.js';
import { inSnapshot } from '../introspect/snapshot.js';
import { type KeyRange, type Side, TableSql } from './table-sql.js';
import type { VerifiedTable } from './verified-table.js';
import type { TableVerdict } from './verify-report.js';

export interface CompareOptions {
  /** Rows per key range (chunk): each is counted and checksummed on both sides. */
  readonly chunkRows: number;
  /** How many differing rows are named per table. */
  readonly maxNamed?: number;
}

/**
 * Compares one table on both sides: per key range (chunks of `chunkRows` rows in key order, bounds
 * read from the source) the row count and an md5 over the published columns' text in key order.
 * Where a range differs, the rows of that range are read back by key and digest to name the keys
 * missing on the target, extra on the target, or different. Each side is read in one snapshot.
 */
export async function compareTable(
  spec: VerifiedTable,
  sessions: { readonly source: Queryable; readonly target: Queryable },
  options: CompareOptions,
): Promise<TableVerdict> {
  const base = { table: spec.table, subscription: spec.subscription };
  const unreadable =
    spec.missingOnTarget === 'table'
      ? 'the target has no such table'
      : spec.missingOnTarget.length > 0
        ? `the target table lacks published columns ${spec.missingOnTarget.join(', ')}`
        : undefined;
  if (unreadable !== undefined) {
    return {
      ...base,
      sourceRows: null,
      targetRows: null,
      chunks: 0,
      equal: false,
      differences: [unreadable],
    };
  }
  const sql = new TableSql(spec);
  const maxNamed = options.maxNamed ?? 10;
  return inSnapshot(sessions.source, () =>
    inSnapshot(sessions.target, async () => {
      const ranges = await keyRanges(sql, sessions.source, spec, options.chunkRows);
      let sourceRows = 0;
      let targetRows = 0;
      const missing: string[] = [];
      const extra: string[] = [];
      const changed: string[] = [];
      for (const range of ranges) {
        const [s, t] = await Promise.all([
          one(sessions.source, sql.checksum('source', range)),
          one(sessions.target, sql.checksum('target', range)),
        ]);
        sourceRows += Number(s.rows);
        targetRows += Number(t.rows);
        if (s.rows === t.rows && s.checksum === t.checksum) continue;
        const diff = await diffRows(sql, sessions, range, spec.key.length === 0);
        missing.push(...diff.missing);
        extra.push(...diff.extra);
        changed.push(...diff.changed);
      }
      const differences = [
        ...(sourceRows === targetRows
          ? []
          : [`row counts differ: source ${sourceRows}, target ${targetRows}`]),
        ...describe(missing, 'missing on the target', spec, maxNamed),
        ...describe(extra, 'on the target only', spec, maxNamed),
        ...describe(changed, 'with different values', spec, maxNamed),
      ];
      return {
        ...base,
        sourceRows,
        targetRows,
        chunks: ranges.length,
        equal: differences.length === 0,
        differences,
      };
    }),
  );
}

async function keyRanges(
  sql: TableSql,
  source: Queryable,
  spec: VerifiedTable,
  chunkRows: number,
): Promise<KeyRange[]> {
  if (spec.key.length === 0) return [{}];
  const query = sql.bounds(chunkRows);
  const bounds = (await source.query(query.sql, query.params)).rows.map((row) =>
    spec.key.map((_, i) => String(row[`k${i}`])),
  );
  const ranges: KeyRange[] = [];
  let after: readonly string[] | undefined;
  for (const upTo of bounds) {
    ranges.push({ ...(after === undefined ? {} : { after }), upTo });
    after = upTo;
  }
  ranges.push(after === undefined ? {} : { after });
  return ranges;
}

async function one(db: Queryable, query: { readonly sql: string; readonly params: string[] }) {
  const row = (await db.query(query.sql, query.params)).rows[0];
  return { rows: String(row?.rows ?? '0'), checksum: String(row?.checksum ?? '') };
}

/** Keys (as `k0\u0000k1…`) missing on the target, only on the target, or with another digest. */
async function diffRows(
  sql: TableSql,
  sessions: { readonly source: Queryable; readonly target: Queryable },
  range: KeyRange,
  keyless: boolean,
): Promise<{ missing: string[]; extra: string[]; changed: string[] }> {
  const read = async (db: Queryable, side: Side) => {
    const q = sql.rows(side, range);
    const counts = new Map<string, { digest: string; count: number }>();
    for (const row of (await db.query(q.sql, q.params)).rows) {
      const key = Object.keys(row)
        .filter((k) => /^k\d+$/.test(k))
        .sort()
        .map((k) => String(row[k]))
        .join('\u0000');
      const seen = counts.get(key);
      counts.set(key, { digest: String(row.digest), count: (seen?.count ?? 0) + 1 });
    }
    return counts;
  };
  const [source, target] = await Promise.all([
    read(sessions.source, 'source'),
    read(sessions.target, 'target'),
  ]);
  const missing: string[] = [];
  const extra: string[] = [];
  const changed: string[] = [];
  for (const [key, s] of source) {
    const t = target.get(key);
    if (t === undefined) missing.push(...Array<string>(s.count).fill(key));
    else if (keyless && t.count !== s.count)
      (t.count < s.count ? missing : extra).push(...Array<string>(Math.abs(s.count - t.count)).fill(key));
    else if (!keyless && t.digest !== s.digest) changed.push(key);
  }
  for (const [key, t] of target) if (!source.has(key)) extra.push(...Array<string>(t.count).fill(key));
  return { missing, extra, changed };
}

function describe(keys: readonly string[], what: string, spec: VerifiedTable, maxNamed: number): string[] {
  if (keys.length === 0) return [];
  const rows = `${keys.length} row${keys.length === 1 ? '' : 's'} ${what}`;
  if (spec.key.length === 0) return [`${rows} (the table has no key: rows are told apart by content only)`];
  const named = keys.slice(0, maxNamed).map((key) => formatKey(spec.key, key.split('\u0000')));
  return [
    `${rows}: ${named.join('; ')}${keys.length > named.length ? `; and ${keys.length - named.length} more` : ''}`,
  ];
}

function formatKey(columns: readonly string[], values: readonly string[]): string {
  return columns.length === 1
    ? `${columns[0]}=${values[0]}`
    : `(${columns.join(', ')})=(${values.join(', ')})`;
}
