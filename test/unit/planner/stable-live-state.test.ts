import { describe, expect, it } from 'vitest';
import type { LiveState } from '../../../src/model/live-state.js';
import { stableLiveState } from '../../../src/planner/stable-live-state.js';
import { liveState, rds, runbookLive, setting, subscription, table } from './builders.js';

/** The runbook's live state as a write load and time leave it: only observations moved. */
function underLoad(live: LiveState): LiveState {
  return {
    source: {
      ...live.source,
      tables: Object.fromEntries(
        Object.entries(live.source.tables).map(([k, t]) => [
          k,
          { ...t, estimatedRows: t.estimatedRows + 1234 },
        ]),
      ),
      slots: [
        {
          name: 'my_subscription',
          plugin: 'pgoutput',
          slotType: 'logical',
          database: 'app',
          active: false,
          retainedWalBytes: 987_654,
          walStatus: 'extended',
        },
      ],
    },
    target: {
      ...live.target,
      tables: Object.fromEntries(
        Object.entries(live.target.tables).map(([k, t]) => [k, { ...t, estimatedRows: 42 }]),
      ),
      subscriptions: {
        my_subscription: subscription({
          tables: { 'public.users': { state: 'd' }, 'public.orders': { state: 'i' } },
        }),
      },
    },
    rds: { ...live.rds!, instance: { ...live.rds!.instance, status: 'backing-up' } },
  };
}

function withSlot(live: LiveState): LiveState {
  return {
    ...live,
    source: {
      ...live.source,
      slots: [
        {
          name: 'my_subscription',
          plugin: 'pgoutput',
          slotType: 'logical',
          database: 'app',
          active: true,
          retainedWalBytes: 56,
          walStatus: 'reserved',
        },
      ],
    },
  };
}

describe('stableLiveState', () => {
  it('is the same under a write load: row estimates, slot activity and WAL, sync states, instance status', () => {
    const live = withSlot(runbookLive());
    expect(stableLiveState(underLoad(live))).toEqual(stableLiveState(live));
  });

  it('keeps whether a target table is empty only while no subscription holds it', () => {
    const live = runbookLive();
    const withEmpty = (empty: boolean): LiveState => ({
      ...live,
      target: {
        ...live.target,
        tables: {
          'public.users': { ...live.target.tables['public.users']!, empty },
          'public.invoices': { ...table([]), empty },
        },
      },
    });
    // users is subscribed: the initial copy fills it. invoices is not: its rows decide a TRUNCATE.
    expect(stableLiveState(withEmpty(true)).target.tables).toEqual({
      'public.users': expect.not.objectContaining({ empty: true }),
      'public.invoices': expect.objectContaining({ empty: true }),
    });
    const filled = stableLiveState(withEmpty(false)).target;
    expect(filled.tables['public.users']).toEqual(
      stableLiveState(withEmpty(true)).target.tables['public.users'],
    );
    expect(filled.tables['public.invoices']).not.toEqual(
      stableLiveState(withEmpty(true)).target.tables['public.invoices'],
    );
  });

  it('keeps which tables a subscription holds, and which slots exist', () => {
    const live = withSlot(runbookLive());
    const stable = stableLiveState(live);
    expect(stable.target.subscriptions.my_subscription?.tables).toEqual(['public.orders', 'public.users']);
    expect(stable.source.slots).toEqual([
      { name: 'my_subscription', plugin: 'pgoutput', slotType: 'logical', database: 'app' },
    ]);
    expect(stable.source.tables['public.users']).not.toHaveProperty('estimatedRows');
    expect(stable.rds?.instance).toEqual({
      identifier: 'reporting-replica',
      engineVersion: '16.4',
      parameterGroupName: 'logical-replication-pg',
      parameterApplyStatus: 'in-sync',
    });
  });

  it.each<[string, (live: LiveState) => LiveState]>([
    ['a setting', (l) => ({ ...l, source: { ...l.source, settings: { wal_level: setting('replica') } } })],
    [
      'a grant',
      (l) => ({
        ...l,
        source: { ...l.source, grants: { replicator: { connect: true, usage: ['public'], select: [] } } },
      }),
    ],
    [
      'a table subscribed',
      (l) => ({
        ...l,
        target: {
          ...l.target,
          subscriptions: { my_subscription: subscription({ tables: { 'public.users': { state: 'r' } } }) },
        },
      }),
    ],
    ['a target column', (l) => ({ ...l, target: { ...l.target, tables: { 'public.users': table([]) } } })],
    ['a slot dropped', (l) => ({ ...l, source: { ...l.source, slots: [] } })],
    ['the parameter apply status', (l) => ({ ...l, rds: rds({ applyStatus: 'pending-reboot' }) })],
  ])('changes with %s', (_what, change) => {
    const live = withSlot(runbookLive());
    expect(stableLiveState(change(live))).not.toEqual(stableLiveState(live));
  });

  it('leaves out rds when the environment has none', () => {
    expect(stableLiveState(liveState({}))).not.toHaveProperty('rds');
  });
});
