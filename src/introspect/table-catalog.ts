import type { LiveColumn, LiveTable } from '../model/live-state.js';
import { formatQualifiedName } from '../sql/quote.js';
import type { Queryable } from './queryable.js';
import { bool, json, num, oneOf, type Row, text, textArray } from './rows.js';
import { tableNameArrays } from './scope.js';

/** Key columns (INCLUDE columns left out) of the table's index that has `flag` set, in key order. */
const INDEX_COLUMNS = (flag: 'indisprimary' | 'indisreplident') => `
  ARRAY(SELECT a.attname::text
        FROM pg_catalog.pg_index i
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = c.oid AND i.${flag} AND k.ord <= i.indnkeyatts
        ORDER BY k.ord)`;

/**
 * Sequences the table owns (serial columns: deptype 'a'; identity columns: 'i'), with the column
 * each feeds: logical replication does not carry sequence values (design §8).
 */
const OWNED_SEQUENCES = `
  (SELECT coalesce(json_agg(json_build_object(
            'column', a.attname::text,
            'schema', sn.nspname::text,
            'name', s.relname::text) ORDER BY a.attnum, s.relname), '[]'::json)
   FROM pg_catalog.pg_depend d
   JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
   JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
   WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
     AND d.refobjid = c.oid AND d.deptype IN ('a', 'i'))`;

/**
 * $1, $2: schema and table names, paired by position. One row per named plain or partitioned
 * table that exists; the same query (the same text) on source and target, valid on 12–18.
 * $3: whether to read `empty` (no page in the table, or in any partition of a partitioned one: it
 * never held a row, or was truncated). Only the target asks: pg_relation_size takes a lock, which a source table
 * under an exclusive lock would keep the plan waiting for.
 */
export const TABLES_QUERY = `
SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
       c.relispartition AS is_partition, c.relreplident::text AS replica_identity,
       c.reltuples::float8 AS estimated_rows,
       CASE WHEN NOT $3::boolean THEN NULL
            WHEN c.relkind = 'r' THEN pg_catalog.pg_relation_size(c.oid) = 0
            ELSE (SELECT coalesce(sum(pg_catalog.pg_relation_size(p.relid)), 0) = 0
                  FROM pg_catalog.pg_partition_tree(c.oid) AS p)
       END AS empty,
       (SELECT coalesce(json_agg(json_build_object(
                 'name', a.attname::text,
                 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                 'notNull', a.attnotnull,
                 'generated', a.attgenerated::text,
                 'hasDefault', (a.atthasdef AND a.attgenerated = '') OR a.attidentity <> '') ORDER BY a.attnum), '[]'::json)
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       ${INDEX_COLUMNS('indisprimary')} AS primary_key,
       ${INDEX_COLUMNS('indisreplident')} AS replica_identity_columns,
       ${OWNED_SEQUENCES} AS sequences
FROM unnest($1::text[], $2::text[]) AS t(schema_name, table_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = t.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.table_name
WHERE c.relkind IN ('r', 'p')
ORDER BY 1, 2`;

export interface TableReadOptions {
  /** Read `empty` (the target only: see TABLES_QUERY). */
  readonly readEmpty: boolean;
}

/** The catalog rows of the named tables that exist (TABLES_QUERY), for parseTableShare. */
export async function queryTableRows(
  db: Queryable,
  tables: readonly string[],
  options: TableReadOptions,
): Promise<readonly Row[]> {
  const { schemas, names } = tableNameArrays(tables);
  return (await db.query(TABLES_QUERY, [schemas, names, options.readEmpty])).rows;
}

/** The tables of one read (a share of the names), parsed but not yet in order. */
export type ParsedTableShare = readonly {
  readonly schema: string;
  readonly name: string;
  readonly table: LiveTable;
}[];

/**
 * Parses one read's rows. Shares are parsed as each arrives, so the first is parsed while the
 * servers still work on the others; `tablesFromShares` puts them together.
 */
export function parseTableShare(rows: readonly Row[]): ParsedTableShare {
  return rows.map((row) => ({
    schema: text(row, 'schema'),
    name: text(row, 'name'),
    table: parseTable(row),
  }));
}

/**
 * The tables of one or more parsed shares, keyed by their changeset spelling and ordered by schema
 * then name (as JavaScript compares strings): the same order however the names were shared out,
 * and whatever the server's collation.
 */
export function tablesFromShares(shares: readonly ParsedTableShare[]): Record<string, LiveTable> {
  const all = shares.flat();
  all.sort((a, b) => compareStrings(a.schema, b.schema) || compareStrings(a.name, b.name));
  const tables: Record<string, LiveTable> = {};
  for (const { schema, name, table } of all) tables[formatQualifiedName({ schema, name })] = table;
  return tables;
}

/**
 * `tables` cut into `parts` runs of nearly equal length, in order: what each of several sessions
 * reads when the table catalog is read in parallel.
 */
export function shareTables(tables: readonly string[], parts: number): readonly (readonly string[])[] {
  const size = Math.ceil(tables.length / parts);
  return Array.from({ length: parts }, (_, i) => tables.slice(i * size, (i + 1) * size));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function parseTable(row: Row): LiveTable {
  const replicaIdentity = oneOf(row, 'replica_identity', ['d', 'n', 'f', 'i'] as const);
  const identityColumns = textArray(row, 'replica_identity_columns');
  return {
    columns: parseColumns(json(row, 'columns')),
    primaryKey: textArray(row, 'primary_key'),
    replicaIdentity,
    ...(replicaIdentity === 'i' ? { replicaIdentityColumns: identityColumns } : {}),
    kind: oneOf(row, 'kind', ['r', 'p'] as const),
    isPartition: bool(row, 'is_partition'),
    estimatedRows: num(row, 'estimated_rows'),
    ...(typeof row.empty === 'boolean' ? { empty: row.empty } : {}),
    ...optionalSequences(row),
  };
}

/** Only tables that own sequences get the field (a row without the column reads as none). */
function optionalSequences(row: Row): Pick<LiveTable, 'sequences'> {
  const value = row.sequences === undefined ? [] : json(row, 'sequences');
  if (!Array.isArray(value))
    throw new Error(`Expected a JSON array of sequences, but got: ${JSON.stringify(value)}`);
  if (value.length === 0) return {};
  return {
    sequences: value.map((s: Row) => ({
      column: text(s, 'column'),
      sequence: formatQualifiedName({ schema: text(s, 'schema'), name: text(s, 'name') }),
    })),
  };
}

const GENERATED: Readonly<Record<string, LiveColumn['generated']>> = { s: 'stored', v: 'virtual' };

function parseColumns(value: unknown): LiveColumn[] {
  if (!Array.isArray(value))
    throw new Error(`Expected a JSON array of columns, but got: ${JSON.stringify(value)}`);
  return value.map((column: Row) => {
    const generated = GENERATED[text(column, 'generated')];
    return {
      name: text(column, 'name'),
      type: text(column, 'type'),
      notNull: bool(column, 'notNull'),
      ...(generated ? { generated } : {}),
      ...(column.hasDefault === true ? { hasDefault: true } : {}),
    };
  });
}
