import { describe, expect, it } from 'vitest';
import {
  targetColumnMissing,
  targetColumnNotNullUnpublished,
  targetColumnTypeIncompatible,
  targetColumnTypeLossy,
} from '../../../src/lint/rules/target-columns.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LiveColumn } from '../../../src/model/live-state.js';
import { column, table } from '../planner/builders.js';
import { cleanDesired, cleanLive, run, withTarget } from './states.js';

/** The converged runbook with the target's users table replaced by one of `columns`. */
function targetUsers(columns: LiveColumn[], desired: DesiredState = cleanDesired()) {
  const live = cleanLive();
  return [
    desired,
    withTarget(live, { tables: { ...live.target.tables, 'public.users': table(columns, ['id']) } }),
  ] as const;
}

/** The runbook without users in target.tables: replctl does not manage that target table. */
/** The runbook with users defined by explicit columns, without email (which the source publishes). */
function explicitUsers(): DesiredState {
  const base = cleanDesired();
  return {
    ...base,
    target: {
      ...base.target,
      tables: {
        ...base.target!.tables,
        'public.users': { columns: { id: { type: 'bigint', notNull: true }, name: { type: 'text' } } },
      },
    },
  };
}

describe('target tables after the plan', () => {
  it('is quiet on a fresh target: the plan creates every table from the source', () => {
    const live = withTarget(cleanLive(), {
      databaseExists: false,
      schemas: [],
      tables: {},
      subscriptions: {},
    });
    for (const rule of [targetColumnMissing, targetColumnTypeIncompatible, targetColumnTypeLossy]) {
      expect(run(rule, cleanDesired(), live)).toEqual([]);
    }
  });

  it('target-column-missing: explicit target columns without a published one, on a fresh or existing target', () => {
    const fresh = withTarget(cleanLive(), {
      databaseExists: false,
      schemas: [],
      tables: {},
      subscriptions: {},
    });
    const findings = run(targetColumnMissing, explicitUsers(), fresh);
    expect(findings).toEqual([expect.objectContaining({ object: 'public.users', severity: 'error' })]);
    expect(findings[0]!.message).toContain('lacks published column email');
    const [, live] = targetUsers([column('id', 'bigint', true), column('name', 'text')]);
    expect(run(targetColumnMissing, explicitUsers(), live)).toHaveLength(1);
    // With `from: source` the plan adds email (ADD COLUMN), so nothing is missing after it.
    expect(run(targetColumnMissing, cleanDesired(), live)).toEqual([]);
  });

  it('target-column-type-incompatible and -lossy', () => {
    const [desired, live] = targetUsers([
      column('id', 'timestamp with time zone', true),
      column('email', 'character varying(20)', true),
      column('name', 'text'),
    ]);
    expect(run(targetColumnTypeIncompatible, desired, live).map((f) => f.message)).toEqual([
      expect.stringContaining('id (bigint → timestamp with time zone)'),
    ]);
    expect(run(targetColumnTypeLossy, desired, live).map((f) => f.message)).toEqual([
      expect.stringContaining('email (text → character varying(20))'),
    ]);
  });

  it('with binary = true any other type is incompatible', () => {
    const base = cleanDesired();
    const binary: DesiredState = {
      ...base,
      target: {
        ...base.target,
        subscriptions: { my_subscription: { publications: ['my_publication'], options: { binary: true } } },
      },
    };
    const [, live] = targetUsers([
      column('id', 'integer', true),
      column('email', 'text', true),
      column('name', 'text'),
    ]);
    expect(run(targetColumnTypeIncompatible, binary, live).map((f) => f.message)).toEqual([
      expect.stringContaining('binary = true'),
    ]);
    expect(run(targetColumnTypeIncompatible, cleanDesired(), live)).toEqual([]);
    // In text mode bigint → integer only risks overflow.
    expect(run(targetColumnTypeLossy, cleanDesired(), live)).toHaveLength(1);
  });

  it('target-column-not-null-unpublished: an extra NOT NULL column without a default', () => {
    const extra = (c: LiveColumn) =>
      targetUsers([column('id', 'bigint', true), column('email', 'text', true), column('name', 'text'), c]);
    expect(
      run(targetColumnNotNullUnpublished, ...extra(column('region', 'text', true))).map((f) => f.message),
    ).toEqual([expect.stringContaining('NOT NULL column region without a default')]);
    expect(
      run(targetColumnNotNullUnpublished, ...extra({ ...column('region', 'text', true), hasDefault: true })),
    ).toEqual([]);
    expect(run(targetColumnNotNullUnpublished, ...extra(column('region', 'text', false)))).toEqual([]);
  });
});
