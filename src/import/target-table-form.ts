import type { DesiredTargetTable } from '../model/desired-state.js';
import type { LiveColumn, LiveTable } from '../model/live-state.js';
import type { PublishedColumns } from '../planner/published-columns.js';

export interface TargetTableForm {
  /** `{ from: source }` when the target table is what the planner would create, else explicit. */
  readonly table: DesiredTargetTable;
  /** Why the explicit form was needed, one phrase each (empty for `from: source`). */
  readonly differences: readonly string[];
  /** Generated target columns: the explicit form cannot express them, so they are left out. */
  readonly generated: readonly string[];
}

/**
 * How a changeset describes an existing target table. `from: source` means "the published source
 * columns, with their types, NOT NULL and the primary key" (see the planner's target tables); it
 * is written only when the target table is exactly that. Otherwise the target's own columns are
 * written out, plus any published column it lacks (nullable: the first plan adds it, since
 * replication of that column fails without it).
 */
export function targetTableForm(
  target: LiveTable,
  source: LiveTable | undefined,
  published: PublishedColumns,
): TargetTableForm {
  const generated = target.columns.filter((c) => c.generated !== undefined).map((c) => c.name);
  const plain = target.columns.filter((c) => c.generated === undefined);
  if (source === undefined) {
    return { table: explicit(plain, [], target.primaryKey), differences: ['no source table'], generated };
  }
  const copied = source.columns.filter((c) =>
    published === 'all' ? c.generated === undefined : published.has(c.name),
  );
  const copiedNames = new Set(copied.map((c) => c.name));
  const sourceKey =
    source.primaryKey.length > 0 && source.primaryKey.every((c) => copiedNames.has(c))
      ? source.primaryKey
      : [];
  const byName = new Map(target.columns.map((c) => [c.name, c]));
  const differences: string[] = [];
  const missing: LiveColumn[] = [];
  for (const column of copied) {
    const here = byName.get(column.name);
    if (here === undefined) {
      missing.push(column);
      differences.push(`lacks published column ${column.name}`);
    } else if (here.type !== column.type) {
      differences.push(`${column.name} is ${here.type} here, ${column.type} on the source`);
    } else if (here.notNull !== column.notNull) {
      const [mine, there] = here.notNull ? ['NOT NULL', 'nullable'] : ['nullable', 'NOT NULL'];
      differences.push(`${column.name} is ${mine} here, ${there} on the source`);
    }
  }
  for (const column of plain) {
    if (!copiedNames.has(column.name)) differences.push(`has column ${column.name}, which is not published`);
  }
  if (generated.length > 0) differences.push(`has generated column ${generated.join(', ')}`);
  if (sourceKey.join(',') !== target.primaryKey.join(',')) {
    differences.push(`primary key ${keyText(target.primaryKey)} here, ${keyText(sourceKey)} from the source`);
  }
  if (differences.length === 0) return { table: { from: 'source' }, differences, generated };
  return { table: explicit(plain, missing, target.primaryKey), differences, generated };
}

function explicit(
  columns: readonly LiveColumn[],
  missing: readonly LiveColumn[],
  primaryKey: readonly string[],
): DesiredTargetTable {
  return {
    columns: Object.fromEntries([
      ...columns.map((c) => [c.name, { type: c.type, notNull: c.notNull }] as const),
      ...missing.map((c) => [c.name, { type: c.type, notNull: false }] as const),
    ]),
    ...(primaryKey.length > 0 ? { primaryKey: [...primaryKey] } : {}),
  };
}

function keyText(columns: readonly string[]): string {
  return columns.length > 0 ? `(${columns.join(', ')})` : 'none';
}
