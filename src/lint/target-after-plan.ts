import type { DesiredState, DesiredTargetTable } from '../model/desired-state.js';
import type { LiveColumn, LiveState } from '../model/live-state.js';
import { columnLookup, columnNamed } from '../planner/column-lookup.js';
import { desiredTargetTableByName } from '../planner/desired-tables.js';

/**
 * The columns a target table will have once the plan has run, as the planner builds them: a
 * missing table listed in `target.tables` is created (`from: source`: the published source
 * columns with their types; else the columns as written); an existing one gets the published
 * columns it lacks, nullable. Undefined when the table will not exist.
 *
 * `published`: the source columns the subscription receives, in source order (undefined when the
 * source has no such table). Runs once per subscribed table: it copies a column only when the
 * result must differ from the one it has.
 */
export function targetColumnsAfterPlan(
  desired: DesiredState,
  live: LiveState,
  table: string,
  published: readonly LiveColumn[] | undefined,
): readonly LiveColumn[] | undefined {
  const definition = definitionColumns(desired, table, published);
  const current = live.target.tables[table];
  if (current === undefined) return definition;
  if (definition === undefined) return current.columns;
  const have = columnLookup(current.columns);
  const added: LiveColumn[] = [];
  for (const c of definition) {
    if (columnNamed(have, c.name) === undefined) added.push({ name: c.name, type: c.type, notNull: false });
  }
  return added.length === 0 ? current.columns : [...current.columns, ...added];
}

/** The columns `target.tables` defines for `table`, or undefined when it does not list it. */
function definitionColumns(
  desired: DesiredState,
  table: string,
  published: readonly LiveColumn[] | undefined,
): readonly LiveColumn[] | undefined {
  const entry = targetTableEntry(desired, table);
  if (entry === undefined) return undefined;
  if (entry.from !== 'source' && entry.columns !== undefined) {
    return Object.entries(entry.columns).map(([name, c]) => ({
      name,
      type: c.type,
      notNull: c.notNull ?? false,
    }));
  }
  if (published === undefined) return undefined;
  // The created column has the source's name, type and NOT NULL only; most source columns have no
  // more than that, and are taken as they are.
  return published.map((c) =>
    c.generated === undefined && c.hasDefault === undefined
      ? c
      : { name: c.name, type: c.type, notNull: c.notNull },
  );
}

/** The `target.tables` entry of `table` (canonical name); the first, should two spellings name it. */
function targetTableEntry(desired: DesiredState, table: string): DesiredTargetTable | undefined {
  return desiredTargetTableByName(desired).get(table);
}
