import { quoteIdent } from '../sql/quote.js';
import type {
  AddTargetColumns,
  CreateTargetDatabase,
  CreateTargetSchemas,
  CreateTargetTables,
  TargetColumn,
  TargetTableDefinition,
} from './changes.js';
import { type DraftStep, sqlStep, statements } from './draft-step.js';
import { formatPath } from './paths.js';
import { Phase } from './phases.js';
import * as post from './postconditions.js';
import { counted, readableName } from './readable-name.js';
import { Tag } from './step-tags.js';
import { sqlTable } from './table-names.js';

/** CREATE DATABASE runs alone, outside a transaction, on the target's maintenance database. */
export function createDatabaseSteps(c: CreateTargetDatabase): DraftStep[] {
  return [
    sqlStep({
      id: formatPath('target', 'database', c.name, 'create'),
      endpoint: 'target-admin',
      action: '+',
      summary: `CREATE DATABASE ${readableName(c.name)}`,
      sql: statements(`CREATE DATABASE ${quoteIdent(c.name)}`),
      transactional: false,
      reasons: c.reasons,
      phase: Phase.targetDatabase,
      provides: [Tag.targetDatabase],
      postcondition: post.databaseExists(c.name),
    }),
  ];
}

export function createSchemasSteps(c: CreateTargetSchemas): DraftStep[] {
  return [
    sqlStep({
      id: 'target.schemas.create',
      endpoint: 'target',
      action: '+',
      summary: `CREATE SCHEMA ${c.schemas.map(readableName).join(', ')}`,
      sql: statements(...c.schemas.map((s) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`)),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.targetSchemas,
      provides: [Tag.targetSchemas],
      postcondition: post.schemasExist(c.schemas),
    }),
  ];
}

function columnSql(column: TargetColumn): string {
  return `${quoteIdent(column.name)} ${column.type}${column.notNull ? ' NOT NULL' : ''}`;
}

/** `CREATE TABLE "s"."t" (…)`, `name` already quoted. Concatenated in place: it runs per table. */
function createTableSql(name: string, table: TargetTableDefinition): string {
  let elements = '';
  for (const column of table.columns)
    elements += elements === '' ? columnSql(column) : `, ${columnSql(column)}`;
  if (table.primaryKey.length > 0) {
    const key = `PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`;
    elements += elements === '' ? key : `, ${key}`;
  }
  return `CREATE TABLE ${name} (${elements})`;
}

/**
 * CREATE TABLEs per step. Each new table takes a few locks (table, primary key, TOAST table and
 * index) until commit, so 10,000 in one transaction would exhaust the lock table that
 * max_locks_per_transaction (64 by default, on RDS too) sizes. Apply combines adjacent steps into
 * transactions of its own size (1,000 statements over one connection, 500 each over two), so the
 * steps are smaller than any transaction it makes.
 */
export const TABLES_PER_STEP = 250;

/**
 * The plan's CREATE TABLEs, batched (design §5): one step, or one per TABLES_PER_STEP tables
 * (`target.tables.create.1`, `.2`, … in table order).
 */
export function createTablesSteps(c: CreateTargetTables): DraftStep[] {
  const chunks: (typeof c.tables)[] = [];
  for (let i = 0; i < c.tables.length; i += TABLES_PER_STEP)
    chunks.push(c.tables.slice(i, i + TABLES_PER_STEP));
  const reasons =
    chunks.length === 1
      ? [c.reasons]
      : oneReasonPerTable(c)
        ? chunks.map((_, i) => c.reasons.slice(i * TABLES_PER_STEP, (i + 1) * TABLES_PER_STEP))
        : reasonsPerChunk(c.reasons, chunks);
  return chunks.map((tables, i) => {
    const names = tables.map((t) => sqlTable(t.table));
    return sqlStep({
      id: chunks.length === 1 ? 'target.tables.create' : `target.tables.create.${i + 1}`,
      endpoint: 'target',
      action: '+',
      summary: `CREATE TABLE (${counted(tables.length, 'table')})`,
      sql: statements(...tables.map((t, k) => createTableSql(names[k]!, t))),
      transactional: true,
      reasons: reasons[i]!,
      phase: Phase.targetTables,
      needs: [Tag.targetSchemas],
      provides: [Tag.targetTables],
      postcondition: post.tablesExist(names),
    });
  });
}

/**
 * Whether reason i names table i, and the tables are sorted and each there once, as the diff makes
 * them: each chunk then takes its slice of the reasons.
 */
function oneReasonPerTable(c: CreateTargetTables): boolean {
  return (
    c.reasons.length === c.tables.length &&
    c.tables.every(
      (t, i) =>
        (i === 0 || c.tables[i - 1]!.table < t.table) &&
        c.reasons[i] === formatPath('target', 'tables', t.table),
    )
  );
}

/**
 * Per chunk, the reasons naming one of its tables (`target.tables.<table>`), in the change's
 * order: one pass over the reasons, not one per chunk.
 */
function reasonsPerChunk(
  reasons: readonly string[],
  chunks: readonly (readonly TargetTableDefinition[])[],
): string[][] {
  const chunkOf = new Map<string, number>();
  // A table listed twice may be in two chunks: the reason then goes to both.
  const alsoIn = new Map<string, Set<number>>();
  chunks.forEach((tables, i) => {
    for (const t of tables) {
      const path = formatPath('target', 'tables', t.table);
      const first = chunkOf.get(path);
      if (first === undefined) chunkOf.set(path, i);
      else if (first !== i) {
        const more = alsoIn.get(path) ?? new Set<number>();
        more.add(i);
        alsoIn.set(path, more);
      }
    }
  });
  const perChunk = chunks.map((): string[] => []);
  for (const reason of reasons) {
    const i = chunkOf.get(reason);
    if (i === undefined) continue;
    perChunk[i]!.push(reason);
    for (const j of alsoIn.get(reason) ?? []) perChunk[j]!.push(reason);
  }
  return perChunk;
}

export function addColumnsSteps(c: AddTargetColumns): DraftStep[] {
  const pairs = c.tables.flatMap((t) => t.columns.map((column) => [sqlTable(t.table), column.name] as const));
  return [
    sqlStep({
      id: 'target.tables.add-columns',
      endpoint: 'target',
      action: '~',
      summary: `ALTER TABLE … ADD COLUMN (${counted(pairs.length, 'column')} in ${counted(c.tables.length, 'table')})`,
      sql: statements(
        ...c.tables.map(
          (t) =>
            `ALTER TABLE ${sqlTable(t.table)} ${t.columns.map((column) => `ADD COLUMN ${columnSql(column)}`).join(', ')}`,
        ),
      ),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.targetColumns,
      provides: [Tag.targetTables],
      postcondition: post.columnsExist(
        pairs.map(([table]) => table),
        pairs.map(([, column]) => column),
      ),
    }),
  ];
}
