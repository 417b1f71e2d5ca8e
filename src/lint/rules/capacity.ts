import type { LintInput, LintRule, RuleFinding } from '../lint-rule.js';
import { replicationLoad } from '../replication-load.js';
import { sourceSettingAfterPlan, targetSettingAfterPlan } from '../settings-after-plan.js';

/**
 * Capacity of both servers once the plan has run (design §8): each logical slot on the source, each
 * walsender that streams one, each subscription's apply worker and table sync workers on the
 * target. Values are the desired ones where a changeset sets them, else the running ones.
 */
/**
 * A rule that a source setting is at least the number of names `needed` lists; `explain` says
 * what fails beyond it and how to fix it.
 */
function sourceLimit(
  rule: Omit<LintRule, 'check'> & { readonly setting: string },
  needed: (load: ReturnType<typeof replicationLoad>) => readonly string[],
  explain: (names: readonly string[], max: number) => Omit<RuleFinding, 'object'>,
): LintRule {
  const { setting, ...identity } = rule;
  return {
    ...identity,
    check({ desired, live }) {
      const max = sourceSettingAfterPlan(desired, live, setting);
      const names = needed(replicationLoad(desired, live));
      return max === undefined || names.length <= max ? [] : [{ object: setting, ...explain(names, max) }];
    },
  };
}

export const replicationSlotsCapacity = sourceLimit(
  {
    id: 'replication-slots-capacity',
    severity: 'error',
    summary: 'max_replication_slots on the source is below the slots replication needs',
    setting: 'max_replication_slots',
  },
  (load) => load.slots,
  (slots, max) => ({
    message:
      `The source will need ${slots.length} replication slots (${slots.join(', ')}) but max_replication_slots ` +
      `is ${max}: CREATE SUBSCRIPTION fails ("all replication slots are in use").`,
    fix:
      `Set source.settings.max_replication_slots to at least ${slots.length} plus headroom for table sync ` +
      '(a restart), or drop slots nobody uses (see replication-slot-orphan).',
  }),
);

export const walSendersCapacity = sourceLimit(
  {
    id: 'wal-senders-capacity',
    severity: 'error',
    summary: 'max_wal_senders on the source is below the walsenders replication needs',
    setting: 'max_wal_senders',
  },
  (load) => load.streamed,
  (streamed, max) => ({
    message:
      `The source will stream ${streamed.length} slots (${streamed.join(', ')}), one walsender each, but ` +
      `max_wal_senders is ${max}: subscribers beyond it are refused ("number of requested standby ` +
      'connections exceeds max_wal_senders") and never receive changes.',
    fix: `Set source.settings.max_wal_senders to at least ${streamed.length} plus physical standbys and table sync (a restart).`,
  }),
);

export const walSendersBelowSlots: LintRule = {
  id: 'wal-senders-below-slots',
  severity: 'warning',
  summary: 'max_wal_senders on the source is below max_replication_slots',
  check({ desired, live }) {
    const senders = sourceSettingAfterPlan(desired, live, 'max_wal_senders');
    const slots = sourceSettingAfterPlan(desired, live, 'max_replication_slots');
    if (senders === undefined || slots === undefined || senders >= slots) return [];
    return [
      {
        object: 'max_wal_senders',
        message:
          `max_wal_senders (${senders}) is below max_replication_slots (${slots}) on the source: slots can be ` +
          'created that no walsender can serve, and physical standbys compete with subscriptions for senders.',
        fix: 'Set max_wal_senders to at least max_replication_slots plus the physical standbys (a restart).',
      },
    ];
  },
};

export const workerProcessesCapacity: LintRule = {
  id: 'worker-processes-capacity',
  severity: 'warning',
  summary: 'max_worker_processes on the target is below max_logical_replication_workers + 1',
  check({ desired, live }) {
    const processes = targetSettingAfterPlan(desired, live, 'max_worker_processes');
    const workers = targetSettingAfterPlan(desired, live, 'max_logical_replication_workers');
    if (processes === undefined || workers === undefined || processes >= workers + 1) return [];
    return [
      {
        object: 'max_worker_processes',
        message:
          `max_worker_processes (${processes}) on the target is below max_logical_replication_workers + 1 ` +
          `(${workers + 1}: the workers and their launcher): apply and table sync workers fail to start ` +
          '("out of background worker slots") while other background workers run.',
        fix:
          `Set target.parameterGroup.parameters.max_worker_processes to at least ${workers + 1} plus the ` +
          'parallel query workers (a reboot).',
      },
    ];
  },
};

export const logicalWorkersCapacity: LintRule = {
  id: 'logical-workers-capacity',
  severity: 'error',
  summary: 'max_logical_replication_workers on the target is below the enabled subscriptions',
  check({ desired, live }) {
    const max = targetSettingAfterPlan(desired, live, 'max_logical_replication_workers');
    const { enabledSubscriptions, syncing } = replicationLoad(desired, live);
    const needed = enabledSubscriptions.length + (syncing.length > 0 ? 1 : 0);
    if (max === undefined || needed <= max) return [];
    return [
      {
        object: 'max_logical_replication_workers',
        message:
          `The target will run ${enabledSubscriptions.length} enabled subscriptions` +
          (syncing.length > 0 ? ', plus at least one table sync worker for the initial copy,' : '') +
          ` but max_logical_replication_workers is ${max}: some subscriptions get no apply worker` +
          (syncing.length > 0 ? ' or their tables never leave the initial sync' : '') +
          ' ("out of logical replication worker slots").',
        fix: `Set target.parameterGroup.parameters.max_logical_replication_workers to at least ${needed} plus headroom (a reboot).`,
      },
    ];
  },
};

export const initialSyncCapacity: LintRule = {
  id: 'initial-sync-capacity',
  severity: 'warning',
  summary: 'no room for the table sync workers of an initial copy',
  check(input: LintInput): RuleFinding[] {
    const { desired, live } = input;
    const load = replicationLoad(desired, live);
    if (load.syncing.length === 0) return [];
    const perSubscription = targetSettingAfterPlan(desired, live, 'max_sync_workers_per_subscription') ?? 2;
    const extra = load.syncing.length * perSubscription;
    const limits: [string, number | undefined, number][] = [
      [
        'max_replication_slots (source)',
        sourceSettingAfterPlan(desired, live, 'max_replication_slots'),
        load.slots.length,
      ],
      [
        'max_wal_senders (source)',
        sourceSettingAfterPlan(desired, live, 'max_wal_senders'),
        load.streamed.length,
      ],
      [
        'max_logical_replication_workers (target)',
        targetSettingAfterPlan(desired, live, 'max_logical_replication_workers'),
        load.enabledSubscriptions.length,
      ],
    ];
    const short = limits.filter(([, max, base]) => max !== undefined && max >= base && base + extra > max);
    if (short.length === 0) return [];
    return [
      {
        object: load.syncing.join(', '),
        message:
          `The initial copy of ${load.syncing.join(', ')} runs up to ${extra} table sync workers ` +
          `(max_sync_workers_per_subscription = ${perSubscription}), each with a slot and a walsender on the ` +
          `source, but ${short.map(([name, max, base]) => `${name} = ${max} leaves room for ${max! - base}`).join('; ')}: ` +
          'the copy runs with fewer workers and the logs fill with retried "all replication slots are in use" errors.',
        fix: `Raise ${short.map(([name]) => name).join(', ')} by ${extra}, or lower max_sync_workers_per_subscription.`,
      },
    ];
  },
};
