import type { LiveColumn, LiveTable } from '../../model/live-state.js';
import type { LintInput, LintRule, RuleFinding } from '../lint-rule.js';
import { memoizedPerState, type PerStateCache } from '../memoized-per-state.js';
import { type SubscribedTable, subscribedTables } from '../replicated-tables.js';
import { targetColumnsAfterPlan } from '../target-after-plan.js';
import { type TypeCompatibility, typeCompatibility } from '../type-compatibility.js';

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

/**
 * Every subscribed table whose source table exists and whose target table will, with its columns:
 * worked out once per (desired, live) for the four rules here (10,000 tables in a large setup).
 */
const tableCasesCache: PerStateCache<readonly TableCase[]> = new WeakMap();

function tableCases({ desired, live }: LintInput): readonly TableCase[] {
  return memoizedPerState(tableCasesCache, desired, live, () =>
    subscribedTables(desired, live).flatMap((entry) => {
      const source: LiveTable | undefined = live.source.tables[entry.table];
      const target = targetColumnsAfterPlan(desired, live, entry.table, entry.columns);
      if (source === undefined || target === undefined) return [];
      const published = source.columns.filter((c) =>
        entry.columns === 'all' ? c.generated === undefined : entry.columns.has(c.name),
      );
      return [{ entry, published, target }];
    }),
  );
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
