import type { LiveColumn } from '../../model/live-state.js';
import { columnLookup, columnNamed } from '../../planner/column-lookup.js';
import type { LintInput, LintRule, RuleFinding } from '../lint-rule.js';
import { memoizedPerState, type PerStateCache } from '../memoized-per-state.js';
import { type SubscribedTable, subscribedTables } from '../replicated-tables.js';
import { targetColumnsAfterPlan } from '../target-after-plan.js';
import { typeCompatibility } from '../type-compatibility.js';

/**
 * Target tables (design §8): the same qualified name, every published column by name with a
 * compatible type; extra target columns are allowed when an INSERT may leave them out. Checked on
 * the target as the plan leaves it: tables and columns the plan creates from the source are there.
 * (A subscribed table missing from target.tables altogether is refused earlier, by validation.)
 */
export const targetColumnMissing: LintRule = {
  id: 'target-column-missing',
  severity: 'error',
  summary: 'a target table lacks a published column',
  check: (input) => targetColumnFindings(input).missing,
};

export const targetColumnTypeIncompatible: LintRule = {
  id: 'target-column-type-incompatible',
  severity: 'error',
  summary: "a target column's type cannot take the published column's values",
  check: (input) => targetColumnFindings(input).incompatible,
};

export const targetColumnTypeLossy: LintRule = {
  id: 'target-column-type-lossy',
  severity: 'warning',
  summary: "a target column's type may reject, round or shift some of the published column's values",
  check: (input) => targetColumnFindings(input).lossy,
};

export const targetColumnNotNullUnpublished: LintRule = {
  id: 'target-column-not-null-unpublished',
  severity: 'error',
  summary: 'a target column outside the published ones is NOT NULL without a default',
  check: (input) => targetColumnFindings(input).notNullUnpublished,
};

/** The findings of the four rules here. */
interface TargetColumnFindings {
  readonly missing: readonly RuleFinding[];
  readonly incompatible: readonly RuleFinding[];
  readonly lossy: readonly RuleFinding[];
  readonly notNullUnpublished: readonly RuleFinding[];
}

/**
 * One pass over every subscribed table whose source table exists and whose target table will, for
 * the four rules at once (10,000 tables in a large setup), once per (desired, live).
 */
const findingsCache: PerStateCache<TargetColumnFindings> = new WeakMap();

function targetColumnFindings({ desired, live }: LintInput): TargetColumnFindings {
  return memoizedPerState(findingsCache, desired, live, () => {
    const found = {
      missing: new UniqueFindings(),
      incompatible: new UniqueFindings(),
      lossy: new UniqueFindings(),
      notNullUnpublished: new UniqueFindings(),
    };
    for (const entry of subscribedTables(desired, live)) {
      const source = live.source.tables[entry.table];
      if (source === undefined) continue;
      const published = publishedColumns(source.columns, entry.columns);
      const target = targetColumnsAfterPlan(desired, live, entry.table, published);
      if (target === undefined) continue;
      checkTable(entry, published, target, found);
    }
    return {
      missing: found.missing.list(),
      incompatible: found.incompatible.list(),
      lossy: found.lossy.list(),
      notNullUnpublished: found.notNullUnpublished.list(),
    };
  });
}

/** The source columns the subscription receives, in source order (the list itself when all are). */
function publishedColumns(
  columns: readonly LiveColumn[],
  published: SubscribedTable['columns'],
): readonly LiveColumn[] {
  let sent: LiveColumn[] | undefined;
  columns.forEach((c, i) => {
    const isSent = published === 'all' ? c.generated === undefined : published.has(c.name);
    if (isSent) sent?.push(c);
    else sent ??= columns.slice(0, i);
  });
  return sent ?? columns;
}

function checkTable(
  entry: SubscribedTable,
  published: readonly LiveColumn[],
  target: readonly LiveColumn[],
  found: Record<keyof TargetColumnFindings, UniqueFindings>,
): void {
  const byName = columnLookup(target);
  const missing: string[] = [];
  const incompatible: string[] = [];
  const lossy: string[] = [];
  for (const column of published) {
    const other = columnNamed(byName, column.name);
    if (other === undefined) {
      missing.push(column.name);
      continue;
    }
    const compatibility = typeCompatibility(column.type, other.type, entry.binary);
    if (compatibility === 'incompatible') incompatible.push(typePair(column, other));
    else if (compatibility === 'lossy') lossy.push(typePair(column, other));
  }
  if (missing.length > 0) found.missing.add(missingFinding(entry, missing));
  if (incompatible.length > 0) found.incompatible.add(incompatibleFinding(entry, incompatible));
  if (lossy.length > 0) found.lossy.add(lossyFinding(entry, lossy));

  const blocking: string[] = [];
  const sent = columnLookup(published);
  for (const c of target) {
    if (!c.notNull || c.hasDefault === true || c.generated !== undefined) continue;
    if (columnNamed(sent, c.name) === undefined) blocking.push(c.name);
  }
  if (blocking.length > 0) found.notNullUnpublished.add(notNullFinding(entry, blocking));
}

function typePair(column: LiveColumn, other: LiveColumn): string {
  return `${column.name} (${column.type} → ${other.type})`;
}

function missingFinding(entry: SubscribedTable, missing: readonly string[]): RuleFinding {
  return {
    object: entry.table,
    message:
      `The target table ${entry.table} lacks published ${columns(missing)}: the subscription's ` +
      'apply worker stops at the first change to the table ("logical replication target relation … is ' +
      'missing replicated column"), and replication of every table stops with it.',
    fix:
      'Add the columns on the target (list them under target.tables, or use { from: source }), or leave ' +
      'them out of the publication with a column list (15+).',
  };
}

function incompatibleFinding(entry: SubscribedTable, pairs: readonly string[]): RuleFinding {
  return {
    object: entry.table,
    message:
      `The target table ${entry.table} has ${pairs.join(', ')}: ` +
      (entry.binary
        ? `subscription ${entry.subscription} uses binary = true, which needs the same types on both sides`
        : "the target type's input cannot read the source type's values") +
      ', so the initial copy and the apply worker fail on the first row.',
    fix: 'Change the target columns to the source types (ALTER TABLE … ALTER COLUMN … TYPE …), or drop binary = true.',
  };
}

function lossyFinding(entry: SubscribedTable, pairs: readonly string[]): RuleFinding {
  return {
    object: entry.table,
    message:
      `The target table ${entry.table} has ${pairs.join(', ')}: some values are rejected (too long, ` +
      'out of range), rounded, or shifted by the time zone; a rejected value stops the apply worker.',
    fix: 'Use the source types on the target, or a wider type.',
  };
}

function notNullFinding(entry: SubscribedTable, blocking: readonly string[]): RuleFinding {
  return {
    object: entry.table,
    message:
      `The target table ${entry.table} has NOT NULL ${columns(blocking)} without a default, which the ` +
      'publication does not send: every replicated INSERT fails ("null value in column … violates not-null ' +
      'constraint") and the apply worker stops.',
    fix: 'Give the columns a default or drop NOT NULL on the target, or publish them.',
  };
}

/** One finding per object and message (a table in two subscriptions is checked twice). */
class UniqueFindings {
  readonly #byKey = new Map<string, RuleFinding>();

  add(finding: RuleFinding): void {
    this.#byKey.set(`${finding.object}\n${finding.message}`, finding);
  }

  list(): RuleFinding[] {
    return [...this.#byKey.values()];
  }
}

function columns(names: readonly string[]): string {
  return `column${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
}
