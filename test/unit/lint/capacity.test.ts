import { describe, expect, it } from 'vitest';
import {
  initialSyncCapacity,
  logicalWorkersCapacity,
  replicationSlotsCapacity,
  walSendersBelowSlots,
  walSendersCapacity,
  workerProcessesCapacity,
} from '../../../src/lint/rules/capacity.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { cleanDesired, cleanLive, run, slot, withSource, withTarget } from './states.js';

/** The runbook with source settings and RDS parameters replaced. */
function desiredWith(
  settings: Record<string, number | string>,
  parameters: Record<string, number> = {},
  subscriptions?: NonNullable<DesiredState['target']>['subscriptions'],
): DesiredState {
  const base = cleanDesired();
  const group = base.target!.parameterGroup!;
  return {
    ...base,
    source: { ...base.source, settings: { ...base.source!.settings, ...settings } },
    target: {
      ...base.target,
      parameterGroup: { ...group, parameters: { ...group.parameters, ...parameters } },
      ...(subscriptions ? { subscriptions } : {}),
    },
  };
}

const SUBSCRIPTIONS = {
  my_subscription: { publications: ['my_publication'] },
  second: { publications: ['my_publication'] },
  third: { publications: ['my_publication'] },
};

describe('capacity rules, with the values the plan leaves', () => {
  it('replication-slots-capacity: counts live slots and those new subscriptions create', () => {
    const live = withSource(cleanLive(), {
      slots: [slot('my_subscription'), slot('old', { active: false })],
    });
    const findings = run(
      replicationSlotsCapacity,
      desiredWith({ max_replication_slots: 3 }, {}, SUBSCRIPTIONS),
      live,
    );
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', object: 'max_replication_slots' }),
    ]);
    expect(findings[0]!.message).toContain('4 replication slots (my_subscription, old, second, third)');
    expect(
      run(replicationSlotsCapacity, desiredWith({ max_replication_slots: 4 }, {}, SUBSCRIPTIONS), live),
    ).toEqual([]);
    // The desired value counts, not the running 10: one slot fits 1, not 0.
    expect(run(replicationSlotsCapacity, desiredWith({ max_replication_slots: 1 }), cleanLive())).toEqual([]);
    expect(
      run(replicationSlotsCapacity, desiredWith({ max_replication_slots: 0 }), cleanLive()),
    ).toHaveLength(1);
  });

  it('wal-senders-capacity: one walsender per streamed slot; inactive orphans need none', () => {
    const live = withSource(cleanLive(), {
      slots: [slot('my_subscription'), slot('old', { active: false })],
    });
    expect(
      run(walSendersCapacity, desiredWith({ max_wal_senders: 2 }, {}, SUBSCRIPTIONS), live)[0]!.message,
    ).toContain('stream 3 slots (my_subscription, second, third)');
    expect(run(walSendersCapacity, desiredWith({ max_wal_senders: 3 }, {}, SUBSCRIPTIONS), live)).toEqual([]);
  });

  it('wal-senders-below-slots: design §8, max_wal_senders ≥ max_replication_slots', () => {
    expect(run(walSendersBelowSlots, desiredWith({ max_wal_senders: 5 }))).toEqual([
      expect.objectContaining({ severity: 'warning', object: 'max_wal_senders' }),
    ]);
    expect(run(walSendersBelowSlots)).toEqual([]);
  });

  it('worker-processes-capacity: max_worker_processes ≥ max_logical_replication_workers + 1', () => {
    const findings = run(workerProcessesCapacity, desiredWith({}, { max_worker_processes: 10 }));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', object: 'max_worker_processes' }),
    ]);
    expect(findings[0]!.message).toContain('below max_logical_replication_workers + 1 (11');
    expect(run(workerProcessesCapacity, desiredWith({}, { max_worker_processes: 11 }))).toEqual([]);
  });

  it('worker settings are the running ones where the plan does not apply a parameter group', () => {
    const base = cleanLive();
    const { rds: _, ...withoutRds } = base;
    const live = withTarget(withoutRds, {
      settings: {
        ...base.target.settings,
        max_worker_processes: { ...base.target.settings!.max_worker_processes!, setting: '8' },
      },
    });
    expect(run(workerProcessesCapacity, cleanDesired(), live)).toHaveLength(1);
  });

  it('logical-workers-capacity: enabled subscriptions, plus one table sync worker while copying', () => {
    const findings = run(
      logicalWorkersCapacity,
      desiredWith({}, { max_logical_replication_workers: 3 }, SUBSCRIPTIONS),
    );
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', object: 'max_logical_replication_workers' }),
    ]);
    expect(findings[0]!.message).toContain('3 enabled subscriptions, plus at least one table sync worker');
    expect(
      run(logicalWorkersCapacity, desiredWith({}, { max_logical_replication_workers: 4 }, SUBSCRIPTIONS)),
    ).toEqual([]);
    const paused = { ...SUBSCRIPTIONS, third: { publications: ['my_publication'], enabled: false } };
    expect(
      run(logicalWorkersCapacity, desiredWith({}, { max_logical_replication_workers: 3 }, paused)),
    ).toEqual([]);
  });

  it('initial-sync-capacity: table sync workers need slots and walsenders too', () => {
    const findings = run(
      initialSyncCapacity,
      desiredWith({ max_replication_slots: 4, max_wal_senders: 10 }, {}, SUBSCRIPTIONS),
    );
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', object: 'second, third' })]);
    expect(findings[0]!.message).toContain('max_replication_slots (source) = 4 leaves room for 1');
    expect(run(initialSyncCapacity, desiredWith({}, {}, SUBSCRIPTIONS))).toEqual([]);
    // Converged: nothing left to copy.
    expect(run(initialSyncCapacity, desiredWith({ max_replication_slots: 1 }))).toEqual([]);
  });
});
