/**
 * The target-column rules as first written, one pass over the tables per rule, kept as the oracle
 * of the differential test (target-columns-differential.test.ts): the rules now share one pass.
 */

import type { LintInput, LintRule, RuleFinding } from '../../../../src/lint/lint-rule.js';
import { type SubscribedTable, subscribedTables } from '../../../../src/lint/replicated-tables.js';
import { type TypeCompatibility, typeCompatibility } from '../../../../src/lint/type-compatibility.js';
import type { DesiredState, DesiredTargetTable } from '../../../../src/model/desired-state.js';
import type { LiveColumn, LiveState, LiveTable } from '../../../../src/model/live-state.js';
import { canonicalTableOrUndefined } from '../../../../src/planner/table-names.js';

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
  check: (input) =>
    eachTable(input, ({ entry, published, target }) => {
      const have = new Set(target.map((c) => c.name));
      const missing = published.filter((c) => !have.has(c.name)).map((c) => c.name);
      if (missing.length === 0) return undefined;
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
    }),
};

export const targetColumnTypeIncompatible: LintRule = {
  id: 'target-column-type-incompatible',
  severity: 'error',
  summary: "a target column's type cannot take the published column's values",
  check: (input) => typeFindings(input, 'incompatible'),
};

export const targetColumnTypeLossy: LintRule = {
  id: 'target-column-type-lossy',
  severity: 'warning',
  summary: "a target column's type may reject, round or shift some of the published column's values",
  check: (input) => typeFindings(input, 'lossy'),
};

export const targetColumnNotNullUnpublished: LintRule = {
  id: 'target-column-not-null-unpublished',
  severity: 'error',
  summary: 'a target column outside the published ones is NOT NULL without a default',
  check: (input) =>
    eachTable(input, ({ entry, published, target }) => {
      const sent = new Set(published.map((c) => c.name));
      const blocking = target
        .filter((c) => !sent.has(c.name) && c.notNull && c.hasDefault !== true && c.generated === undefined)
        .map((c) => c.name);
      if (blocking.length === 0) return undefined;
      return {
        object: entry.table,
        message:
          `The target table ${entry.table} has NOT NULL ${columns(blocking)} without a default, which the ` +
          'publication does not send: every replicated INSERT fails ("null value in column … violates not-null ' +
          'constraint") and the apply worker stops.',
        fix: 'Give the columns a default or drop NOT NULL on the target, or publish them.',
      };
    }),
};

interface TableCase {
  readonly entry: SubscribedTable;
  /** The source columns the subscription receives, in source order. */
  readonly published: readonly LiveColumn[];
  /** The target table's columns after the plan. */
  readonly target: readonly LiveColumn[];
}

/** Every subscribed table whose source table exists and whose target table will, with its columns. */
function tableCases({ desired, live }: LintInput): readonly TableCase[] {
  return subscribedTables(desired, live).flatMap((entry) => {
    const source: LiveTable | undefined = live.source.tables[entry.table];
    const target = targetColumnsAfterPlan(desired, live, entry.table, entry.columns);
    if (source === undefined || target === undefined) return [];
    const published = source.columns.filter((c) =>
      entry.columns === 'all' ? c.generated === undefined : entry.columns.has(c.name),
    );
    return [{ entry, published, target }];
  });
}

/** Runs `check` per subscribed table whose source table exists and whose target table will. */
function eachTable(input: LintInput, check: (c: TableCase) => RuleFinding | undefined): RuleFinding[] {
  return unique(tableCases(input).flatMap((c) => check(c) ?? []));
}

/** One finding per object and message (a table in two subscriptions is checked twice). */
function unique(findings: readonly RuleFinding[]): RuleFinding[] {
  return [...new Map(findings.map((f) => [`${f.object}\n${f.message}`, f])).values()];
}

function typeFindings(
  input: LintInput,
  wanted: Exclude<TypeCompatibility, 'same' | 'lossless'>,
): RuleFinding[] {
  return eachTable(input, ({ entry, published, target }) => {
    const byName = new Map(target.map((c) => [c.name, c]));
    const pairs = published.flatMap((column) => {
      const other = byName.get(column.name);
      if (other === undefined) return [];
      return typeCompatibility(column.type, other.type, entry.binary) === wanted
        ? [`${column.name} (${column.type} → ${other.type})`]
        : [];
    });
    if (pairs.length === 0) return undefined;
    return wanted === 'incompatible'
      ? {
          object: entry.table,
          message:
            `The target table ${entry.table} has ${pairs.join(', ')}: ` +
            (entry.binary
              ? `subscription ${entry.subscription} uses binary = true, which needs the same types on both sides`
              : "the target type's input cannot read the source type's values") +
            ', so the initial copy and the apply worker fail on the first row.',
          fix: 'Change the target columns to the source types (ALTER TABLE … ALTER COLUMN … TYPE …), or drop binary = true.',
        }
      : {
          object: entry.table,
          message:
            `The target table ${entry.table} has ${pairs.join(', ')}: some values are rejected (too long, ` +
            'out of range), rounded, or shifted by the time zone; a rejected value stops the apply worker.',
          fix: 'Use the source types on the target, or a wider type.',
        };
  });
}

function columns(names: readonly string[]): string {
  return `column${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
}

/**
 * The columns a target table will have once the plan has run, as the planner builds them: a
 * missing table listed in `target.tables` is created (`from: source`: the published source
 * columns with their types; else the columns as written); an existing one gets the published
 * columns it lacks, nullable. Undefined when the table will not exist.
 *
 * `published`: the source columns the subscription receives ('all': every non-generated column).
 */
function targetColumnsAfterPlan(
  desired: DesiredState,
  live: LiveState,
  table: string,
  published: ReadonlySet<string> | 'all',
): readonly LiveColumn[] | undefined {
  const definition = definitionColumns(desired, live.source.tables[table], table, published);
  const current = live.target.tables[table];
  if (current === undefined) return definition;
  const have = new Set(current.columns.map((c) => c.name));
  const added = (definition ?? []).filter((c) => !have.has(c.name)).map((c) => ({ ...c, notNull: false }));
  return [...current.columns, ...added];
}

/** The columns `target.tables` defines for `table`, or undefined when it does not list it. */
function definitionColumns(
  desired: DesiredState,
  source: LiveTable | undefined,
  table: string,
  published: ReadonlySet<string> | 'all',
): LiveColumn[] | undefined {
  const entry = targetTableEntry(desired, table);
  if (entry === undefined) return undefined;
  if (entry.from !== 'source' && entry.columns !== undefined) {
    return Object.entries(entry.columns).map(([name, c]) => ({
      name,
      type: c.type,
      notNull: c.notNull ?? false,
    }));
  }
  if (source === undefined) return undefined;
  return source.columns
    .filter((c) => (published === 'all' ? c.generated === undefined : published.has(c.name)))
    .map((c) => ({ name: c.name, type: c.type, notNull: c.notNull }));
}

/** `target.tables` by canonical name, built once per desired state: rules ask for every table. */
const targetTableIndexes = new WeakMap<object, ReadonlyMap<string, DesiredTargetTable>>();

/** The `target.tables` entry of `table` (canonical name); the first, should two spellings name it. */
function targetTableEntry(desired: DesiredState, table: string): DesiredTargetTable | undefined {
  const tables = desired.target?.tables;
  if (tables === undefined) return undefined;
  let index = targetTableIndexes.get(tables);
  if (index === undefined) {
    const built = new Map<string, DesiredTargetTable>();
    for (const [key, entry] of Object.entries(tables)) {
      const name = canonicalTableOrUndefined(key);
      if (name !== undefined && !built.has(name)) built.set(name, entry);
    }
    targetTableIndexes.set(tables, built);
    index = built;
  }
  return index.get(table);
}
