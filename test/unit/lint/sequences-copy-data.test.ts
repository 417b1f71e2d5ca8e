import { describe, expect, it } from 'vitest';
import { copyDataNonEmptyTarget } from '../../../src/lint/rules/copy-data-non-empty-target.js';
import { sequencesNotReplicated } from '../../../src/lint/rules/sequences-not-replicated.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { subscription } from '../planner/builders.js';
import { cleanDesired, cleanLive, run, withSource, withTarget } from './states.js';

describe('sequences-not-replicated', () => {
  const live = cleanLive();
  const withSequences = withSource(live, {
    tables: {
      ...live.source.tables,
      'public.users': {
        ...live.source.tables['public.users']!,
        sequences: [{ column: 'id', sequence: 'public.users_id_seq' }],
      },
      'public.orders': {
        ...live.source.tables['public.orders']!,
        sequences: [{ column: 'note', sequence: 'public."Order Notes Seq"' }],
      },
    },
  });

  it('is an info with the cutover setval for each published column a sequence feeds', () => {
    const findings = run(sequencesNotReplicated, cleanDesired(), withSequences);
    expect(findings).toEqual([expect.objectContaining({ severity: 'info', object: 'public.users' })]);
    expect(findings[0]!.message).toContain('public.users_id_seq (column id)');
    expect(findings[0]!.fix).toContain(
      `SELECT setval('"public"."users_id_seq"', (SELECT coalesce(max("id"), 0) + 1 FROM "public"."users"), false);`,
    );
  });

  it('is quiet for tables without sequences', () => {
    expect(run(sequencesNotReplicated)).toEqual([]);
  });
});

describe('copy-data-non-empty-target', () => {
  const withRows = (rows: number) => {
    const live = cleanLive();
    return withTarget(live, {
      tables: {
        ...live.target.tables,
        'public.users': { ...live.target.tables['public.users']!, estimatedRows: rows },
      },
      subscriptions: { my_subscription: subscription({ tables: { 'public.orders': { state: 'r' } } }) },
    });
  };

  it('fires for a table entering the subscription whose target copy holds rows', () => {
    const findings = run(copyDataNonEmptyTarget, cleanDesired(), withRows(1200));
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', object: 'public.users' })]);
    expect(findings[0]!.message).toContain('about 1200');
  });

  it('is quiet with copy_data = false, for empty tables, and for tables already subscribed', () => {
    const base = cleanDesired();
    const noCopy: DesiredState = {
      ...base,
      target: {
        ...base.target,
        subscriptions: {
          my_subscription: { publications: ['my_publication'], options: { copy_data: false } },
        },
      },
    };
    expect(run(copyDataNonEmptyTarget, noCopy, withRows(1200))).toEqual([]);
    expect(run(copyDataNonEmptyTarget, cleanDesired(), withRows(0))).toEqual([]);
    expect(run(copyDataNonEmptyTarget, cleanDesired(), withRows(-1))).toEqual([]);
    expect(run(copyDataNonEmptyTarget)).toEqual([]);
  });
});
