import { parseTable } from '../planner/table-names.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import type { VerifiedTable } from './verified-table.js';

/**
 * The SQL verify runs on each side, built from names (quoted with src/sql/quote.ts) and the
 * changeset's row filter; key bounds go as text bind parameters cast to the side's column type.
 * Rows are compared as their text form `ROW(c1, c2, …)::text` over the published columns, so both
 * sides need the same output settings (SESSION_SETTINGS). Text keys are ordered with COLLATE "C",
 * so two servers with different default collations order (and split) the rows alike.
 */
export const SESSION_SETTINGS: readonly string[] = [
  "SET TimeZone = 'UTC'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
];

export type Side = 'source' | 'target';

/** A key range: rows with key > `after` and ≤ `upTo` (either bound open when absent). */
export interface KeyRange {
  readonly after?: readonly string[];
  readonly upTo?: readonly string[];
}

const COLLATABLE = /^(text|character varying|character|varchar|char|bpchar|name|citext)\b/i;

export class TableSql {
  constructor(readonly spec: VerifiedTable) {}

  private get relation(): string {
    return quoteQualified(parseTable(this.spec.table));
  }

  private typeOf(column: string, side: Side): string {
    const c = this.spec.columns.find((x) => x.name === column);
    if (c === undefined) throw new Error(`column ${column} is not published`);
    return side === 'source' ? c.sourceType : (c.targetType ?? c.sourceType);
  }

  private keyExpression(column: string, side: Side): string {
    return COLLATABLE.test(this.typeOf(column, side))
      ? `${quoteIdent(column)} COLLATE "C"`
      : quoteIdent(column);
  }

  private rowText(): string {
    return `ROW(${this.spec.columns.map((c) => quoteIdent(c.name)).join(', ')})::text`;
  }

  private orderBy(side: Side): string {
    return this.spec.key.length > 0
      ? this.spec.key.map((k) => this.keyExpression(k, side)).join(', ')
      : `${this.rowText()} COLLATE "C"`;
  }

  /** WHERE for the side (the row filter applies on the source only) and a key range; its parameters. */
  private where(side: Side, range: KeyRange): { readonly sql: string; readonly params: string[] } {
    const conditions: string[] = [];
    const params: string[] = [];
    if (side === 'source' && this.spec.filter !== undefined) conditions.push(`(${this.spec.filter})`);
    const bound = (values: readonly string[], op: string) => {
      const left = this.spec.key.map((k) => this.keyExpression(k, side));
      const right = this.spec.key.map((k, i) => {
        params.push(values[i]!);
        return `$${params.length}::text::${this.typeOf(k, side)}`;
      });
      conditions.push(`ROW(${left.join(', ')}) ${op} ROW(${right.join(', ')})`);
    };
    if (range.after !== undefined) bound(range.after, '>');
    if (range.upTo !== undefined) bound(range.upTo, '<=');
    return { sql: conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`, params };
  }

  /** Row count and md5 of the rows' text in key order. Columns: rows, checksum. */
  checksum(side: Side, range: KeyRange = {}): { readonly sql: string; readonly params: string[] } {
    const where = this.where(side, range);
    return {
      sql: `SELECT count(*)::int8::text AS rows,
       md5(coalesce(string_agg(${this.rowText()}, E'\\n' ORDER BY ${this.orderBy(side)}), '')) AS checksum
FROM ${this.relation}${where.sql}`,
      params: where.params,
    };
  }

  /**
   * On the source: the key of every `every`-th row in key order (the chunk bounds), as text.
   * Column k0, k1, … per key column.
   */
  bounds(every: number): { readonly sql: string; readonly params: string[] } {
    const where = this.where('source', {});
    const keys = this.spec.key.map((k, i) => `${quoteIdent(k)}::text AS k${i}`).join(', ');
    return {
      sql: `SELECT ${this.spec.key.map((_, i) => `k${i}`).join(', ')}
FROM (SELECT ${keys}, row_number() OVER (ORDER BY ${this.orderBy('source')}) AS n
      FROM ${this.relation}${where.sql}) s
WHERE n % ${Math.max(1, Math.floor(every))} = 0
ORDER BY n`,
      params: where.params,
    };
  }

  /**
   * Per row in a range: its key as text (k0, k1, …; for a table without key, the row's own
   * digest) and the md5 of its text (digest), to name the rows that differ.
   */
  rows(side: Side, range: KeyRange = {}): { readonly sql: string; readonly params: string[] } {
    const where = this.where(side, range);
    const keys =
      this.spec.key.length > 0
        ? this.spec.key.map((k, i) => `${quoteIdent(k)}::text AS k${i}`).join(', ')
        : `md5(${this.rowText()}) AS k0`;
    return {
      sql: `SELECT ${keys}, md5(${this.rowText()}) AS digest FROM ${this.relation}${where.sql} ORDER BY ${this.orderBy(side)}`,
      params: where.params,
    };
  }
}
