import type { TargetColumn } from '../src/planner/changes.js';
import { quoteIdent } from '../src/sql/quote.js';

/**
 * The benchmark's source tables: a realistic mix spread over four schemas. Table i lives in
 * schema `SCHEMAS[i % 4]` and has shape `SHAPES[⌊i / 4⌋ % 4]`: bigint, integer and composite
 * primary keys, text, numeric, timestamptz and jsonb columns, and three rows each.
 */
export const SCHEMAS = ['public', 'sales', 'billing', 'inventory'] as const;

export interface TableShape {
  /** Table name prefix: `users_00042`. */
  readonly entity: string;
  /** Types as `format_type` prints them, so a hand-written target DDL matches the source. */
  readonly columns: readonly TargetColumn[];
  readonly primaryKey: readonly string[];
  /** SELECT list over `g` (1..rows) that fills every column. */
  readonly rows: string;
}

const column = (name: string, type: string, notNull = false): TargetColumn => ({ name, type, notNull });

export const SHAPES: readonly TableShape[] = [
  {
    entity: 'users',
    columns: [
      column('id', 'bigint', true),
      column('email', 'text', true),
      column('name', 'text'),
      column('created_at', 'timestamp with time zone', true),
      column('profile', 'jsonb'),
    ],
    primaryKey: ['id'],
    rows: `g, 'user' || g || '@example.com', 'User ' || g, now(), jsonb_build_object('tier', g % 3)`,
  },
  {
    entity: 'items',
    columns: [
      column('id', 'integer', true),
      column('sku', 'text', true),
      column('quantity', 'integer'),
      column('price', 'numeric(12,2)'),
      column('updated_at', 'timestamp with time zone'),
    ],
    primaryKey: ['id'],
    rows: `g, 'SKU-' || g, g * 7, g * 1.25, now()`,
  },
  {
    entity: 'orders',
    columns: [
      column('tenant_id', 'integer', true),
      column('id', 'bigint', true),
      column('status', 'text'),
      column('total', 'numeric(14,2)'),
      column('placed_at', 'timestamp with time zone'),
      column('attributes', 'jsonb'),
    ],
    primaryKey: ['tenant_id', 'id'],
    rows: `g % 2, g, 'paid', g * 19.99, now(), '{"channel": "web"}'::jsonb`,
  },
  {
    entity: 'lines',
    columns: [
      column('order_id', 'bigint', true),
      column('line_no', 'smallint', true),
      column('product', 'text'),
      column('amount', 'numeric'),
      column('note', 'text'),
    ],
    primaryKey: ['order_id', 'line_no'],
    rows: `g, 1, 'product ' || g, g * 3.5, NULL`,
  },
];

export const ROWS_PER_TABLE = 3;

export interface BenchTable {
  readonly schema: string;
  readonly name: string;
  readonly shape: TableShape;
}

export function benchTable(i: number): BenchTable {
  const shape = SHAPES[Math.floor(i / SCHEMAS.length) % SHAPES.length]!;
  return {
    schema: SCHEMAS[i % SCHEMAS.length]!,
    name: `${shape.entity}_${String(i).padStart(5, '0')}`,
    shape,
  };
}

export function benchTables(count: number, first = 0): readonly BenchTable[] {
  return Array.from({ length: count }, (_, i) => benchTable(first + i));
}

/** `"sales"."orders_00042"`. */
export function sqlName(table: BenchTable): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

/** The changeset spelling: `sales.orders_00042` (no quoting needed for these names). */
export function changesetName(table: BenchTable): string {
  return `${table.schema}.${table.name}`;
}

/** The DDL of a table as the source has it, and as a hand-written script would create it on the target. */
export function createTableSql(table: BenchTable): string {
  const { columns, primaryKey } = table.shape;
  const elements = [
    ...columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`),
    `PRIMARY KEY (${primaryKey.map(quoteIdent).join(', ')})`,
  ];
  return `CREATE TABLE ${sqlName(table)} (${elements.join(', ')})`;
}

/**
 * One DO block that creates tables `first`..`first + count - 1` on the source with their rows, in
 * one transaction (a few hundred at a time stay inside max_locks_per_transaction).
 */
export function createSourceTablesSql(first: number, count: number): string {
  const tables = benchTables(count, first);
  const body = tables
    .map((t) => {
      const names = t.shape.columns.map((c) => quoteIdent(c.name)).join(', ');
      return `${createTableSql(t)};\nINSERT INTO ${sqlName(t)} (${names}) SELECT ${t.shape.rows} FROM generate_series(1, ${ROWS_PER_TABLE}) AS g;`;
    })
    .join('\n');
  return `DO $bench$ BEGIN\n${body}\nEND $bench$`;
}

/** The schemas on the source, before any table. */
export function createSourceSchemasSql(): string {
  return SCHEMAS.filter((s) => s !== 'public')
    .map((s) => `CREATE SCHEMA ${quoteIdent(s)};`)
    .join('\n');
}

/** The schemas the first `count` tables use (all four once there are four tables). */
export function benchSchemas(count: number): readonly string[] {
  return SCHEMAS.slice(0, Math.min(count, SCHEMAS.length));
}
