import { describe, expect, it } from 'vitest';
import { attentionItems } from '../../../src/status/attention.js';
import { lsnDiff, lsnReached, parseLsn } from '../../../src/status/lsn.js';
import { renderStatusText } from '../../../src/status/render-status-text.js';
import { slotStatusQuery, subscriptionStatusQuery } from '../../../src/status/status-queries.js';
import type { StatusReport, SubscriptionStatus } from '../../../src/status/status-report.js';

const streaming: SubscriptionStatus = {
  name: 'my_subscription',
  exists: true,
  enabled: true,
  slotName: 'my_subscription',
  applyWorker: {
    running: true,
    pid: 4242,
    receivedLsn: '0/3000060',
    latestEndLsn: '0/3000060',
    secondsSinceMessage: 0.4,
    syncWorkers: 0,
  },
  walsender: {
    pid: 77,
    state: 'streaming',
    clientAddress: '127.0.0.1',
    sentLsn: '0/3000060',
    replayLsn: '0/3000060',
  },
  lag: { bytes: 1536, seconds: 0.25 },
  tables: [
    { table: 'public.orders', state: 'r' },
    { table: 'public.users', state: 'r' },
  ],
  counters: { apply_error_count: 0, sync_error_count: 0 },
};

function report(parts: Partial<Omit<StatusReport, 'attention'>> = {}): Omit<StatusReport, 'attention'> {
  return {
    environment: 'local',
    checkedAt: '2025-01-01T00:00:00.000Z',
    source: { serverVersionNum: 170002, walLevel: 'logical', currentLsn: '0/3000060', pendingRestart: [] },
    target: { serverVersionNum: 170002, database: 'app', databaseExists: true },
    rds: {
      instance: 'reporting-replica',
      status: 'available',
      parameterGroup: 'logical-replication-pg',
      parameterApplyStatus: 'in-sync',
    },
    subscriptions: [streaming],
    slots: [
      {
        name: 'my_subscription',
        slotType: 'logical',
        database: 'app',
        active: true,
        retainedWalBytes: 2048,
        lagBytes: 1536,
        confirmedFlushLsn: '0/2FFFA60',
        walStatus: 'reserved',
        subscription: 'my_subscription',
      },
    ],
    journal: { liveVersion: 4, latestVersion: 4, runs: [] },
    ...parts,
  };
}

describe('status attention', () => {
  it('has nothing to say about a streaming, converged environment', () => {
    expect(attentionItems(report())).toEqual([]);
  });

  it('names what the runbook troubleshoots: a stopped worker, no walsender, syncing tables, errors, idle slots, pending restarts', () => {
    const items = attentionItems(
      report({
        source: {
          serverVersionNum: 170002,
          walLevel: 'replica',
          currentLsn: '0/1',
          pendingRestart: ['wal_level'],
        },
        rds: {
          instance: 'reporting-replica',
          status: 'available',
          parameterGroup: 'g',
          parameterApplyStatus: 'pending-reboot',
        },
        subscriptions: [
          {
            ...streaming,
            applyWorker: { ...streaming.applyWorker, running: false, pid: null },
            walsender: null,
            tables: [{ table: 'public.orders', state: 'd' }, ...streaming.tables],
            counters: { apply_error_count: 3, sync_error_count: 0 },
          },
          { ...streaming, name: 'paused', enabled: false },
        ],
        slots: [
          {
            ...report().slots[0]!,
            name: 'old',
            active: false,
            retainedWalBytes: 5 * 1024 ** 2,
            subscription: null,
          },
        ],
        journal: { liveVersion: 3, latestVersion: 4, runs: [] },
      }),
    );
    expect(items).toEqual([
      'Live at changeset version 3, the latest is 4: run replctl plan, then apply.',
      'wal_level on the source is replica; logical replication needs logical.',
      'The source owes a restart for wal_level (pending_restart): the new values are not in effect.',
      'RDS instance reporting-replica: parameter group g is pending-reboot (a reboot applies it).',
      expect.stringContaining('Subscription my_subscription is enabled but its apply worker is not running'),
      'No walsender on the source streams subscription my_subscription: the target is not connected.',
      'Subscription my_subscription: 1 of 3 tables are not ready: public.orders (copying).',
      expect.stringContaining('Subscription my_subscription counted 3 apply error count'),
      expect.stringContaining('Subscription paused is disabled (paused)'),
      'Slot old is inactive and retains 5.0 MB of WAL: drop it if nothing will use it again (pg_drop_replication_slot).',
    ]);
  });

  it('renders a terminal view with lag, tables, slots and what needs attention', () => {
    const text = renderStatusText({ ...report(), attention: [] });
    expect(text).toContain('Environment local: live at changeset version 4, the latest is 4.');
    expect(text).toContain('my_subscription  enabled, apply worker running (pid 4242), walsender streaming');
    expect(text).toContain('lag: 1.5 kB, 0.3 s; last message 0.4 s ago');
    expect(text).toContain('tables: 2 ready');
    expect(text).toContain(
      'my_subscription  logical app  active  retains 2.0 kB  wal_status reserved  (subscription my_subscription)',
    );
    expect(text).toContain('All is well: nothing needs attention.');
    const idle = renderStatusText({
      ...report({ subscriptions: [{ ...streaming, lag: { bytes: 0, seconds: null } }] }),
      attention: ['x'],
    });
    expect(idle).toContain('lag: 0 bytes, time n/a (idle or not streaming)');
    expect(idle).toContain('Needs attention:\n  - x');
  });
});

describe('status queries and WAL positions', () => {
  it('reads wal_status from 13 and the apply worker without a leader from 16', () => {
    expect(slotStatusQuery(120000)).toContain('NULL::text AS wal_status');
    expect(slotStatusQuery(130000)).toContain('s.wal_status::text AS wal_status');
    expect(subscriptionStatusQuery(150000)).not.toContain('leader_pid');
    expect(subscriptionStatusQuery(160000)).toContain('st.leader_pid IS NULL');
    expect(subscriptionStatusQuery(140000)).toContain('NULL::jsonb AS counters');
    expect(subscriptionStatusQuery(150000)).toContain('pg_stat_subscription_stats');
    for (const v of [120000, 170000]) expect(subscriptionStatusQuery(v)).not.toMatch(/SELECT \*|subconninfo/);
  });

  it('compares and subtracts LSNs', () => {
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(lsnDiff('1/0', '0/FFFFFFFF')).toBe(1);
    expect(lsnReached('0/3000060', '0/3000060')).toBe(true);
    expect(lsnReached('0/300005F', '0/3000060')).toBe(false);
    expect(lsnReached(null, '0/1')).toBe(false);
    expect(() => parseLsn('nope')).toThrow(/16\/B374D848/);
  });
});
