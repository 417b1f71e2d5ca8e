import { ReplctlError } from '../errors.js';
import type { DesiredTargetTable } from '../model/desired-state.js';
import type { LiveColumn, LiveTable } from '../model/live-state.js';
import type { Change, TargetColumn, TargetTableDefinition } from './changes.js';
import { columnLookup, columnNamed } from './column-lookup.js';
import { desiredTargetTables } from './desired-tables.js';
import type { DiffInput } from './diff-input.js';
import { formatPath } from './paths.js';
import { type PublishedColumns, publishedColumnsByTable } from './published-columns.js';
import { canonicalTable, tableSchema } from './table-names.js';

/**
 * Target tables: CREATE TABLE for missing ones (one batched change, plus the schemas they need) and
 * ADD COLUMN for published columns an existing table lacks. Additive only: target columns and
 * tables are never dropped (a table that left the desired state just stops being managed).
 */
export function diffTargetTables({ desired, live }: DiffInput): Change[] {
  const wanted = desiredTargetTables(desired);
  if (wanted.invalidKey !== undefined) {
    canonicalTable(wanted.invalidKey, () => formatPath('target', 'tables', wanted.invalidKey!));
  }
  const publishedColumns = publishedColumnsByTable(desired);
  const liveSchemas = new Set(live.target.schemas);
  const missingSchemas = new Set<string>();
  const create: TargetTableDefinition[] = [];
  const add: { table: string; columns: TargetColumn[] }[] = [];
  const createReasons: string[] = [];
  const addReasons: string[] = [];

  for (const { key, name, table } of wanted.sorted) {
    const definition = tableDefinition(name, table, publishedColumns(name), live.source.tables[name], key);
    const path = formatPath('target', 'tables', name);
    const current = live.target.tables[name];
    if (current === undefined) {
      create.push(definition);
      createReasons.push(path);
      const schema = tableSchema(name);
      if (!liveSchemas.has(schema)) missingSchemas.add(schema);
      continue;
    }
    const missing = missingColumns(definition.columns, current.columns);
    if (missing.length > 0) {
      // Nullable: the existing table may hold rows, which a NOT NULL column without default rejects.
      add.push({ table: name, columns: missing.map((c) => ({ ...c, notNull: false })) });
      addReasons.push(path);
    }
  }

  const changes: Change[] = [];
  if (missingSchemas.size > 0) {
    const schemas = [...missingSchemas].sort();
    changes.push({ kind: 'CreateTargetSchemas', schemas, reasons: createReasons });
  }
  if (create.length > 0) changes.push({ kind: 'CreateTargetTables', tables: create, reasons: createReasons });
  if (add.length > 0) changes.push({ kind: 'AddTargetColumns', tables: add, reasons: addReasons });
  return changes;
}

/**
 * `from: source`: the published columns (column-list order is the source's) with their source
 * types and NOT NULL, and the primary key when all its columns are there. Generated columns come
 * only when a column list names them (PostgreSQL publishes them only then, and only from 18).
 * Otherwise the columns as written.
 */
function tableDefinition(
  name: string,
  table: DesiredTargetTable,
  published: PublishedColumns,
  source: LiveTable | undefined,
  key: string,
): TargetTableDefinition {
  if (table.from !== 'source' && table.columns !== undefined) {
    return {
      table: name,
      columns: Object.entries(table.columns).map(([column, c]) => ({
        name: column,
        type: c.type,
        notNull: c.notNull ?? false,
      })),
      primaryKey: table.primaryKey ?? [],
    };
  }
  if (source === undefined) {
    throw new ReplctlError(
      `${formatPath('target', 'tables', key)}: the table is copied from the source, but the source has no table ${name}`,
    );
  }
  const columns: TargetColumn[] = [];
  for (const c of source.columns) {
    if (published === 'all' ? c.generated === undefined : published.has(c.name)) {
      columns.push({ name: c.name, type: c.type, notNull: c.notNull });
    }
  }
  const primaryKey =
    source.primaryKey.length > 0 && source.primaryKey.every((k) => columns.some((c) => c.name === k))
      ? source.primaryKey
      : [];
  return { table: name, columns, primaryKey };
}

/** The definition's columns the table lacks. */
function missingColumns(wanted: readonly TargetColumn[], have: readonly LiveColumn[]): TargetColumn[] {
  const lookup = columnLookup(have);
  return wanted.filter((c) => columnNamed(lookup, c.name) === undefined);
}
