import type { LiveSlot } from '../../model/live-state.js';
import { quoteLiteral } from '../../sql/quote.js';
import { formatBytes } from '../format-bytes.js';
import type { LintInput, LintRule } from '../lint-rule.js';
import { optionFlag } from '../option-flag.js';

/**
 * Slots that nobody streams keep WAL on the source until its disk fills (design §8): a paused
 * subscription's slot, an enabled subscription whose apply worker cannot connect, or a slot no
 * subscription replctl knows uses (left from a dropped subscription or a crashed table sync).
 */
export const replicationSlotInactive: LintRule = {
  id: 'replication-slot-inactive',
  severity: 'warning',
  summary: "a subscription's replication slot is inactive and retains WAL on the source",
  check(input) {
    const owners = slotOwners(input);
    return input.live.source.slots.flatMap((slot) => {
      const owner = owners.get(slot.name);
      if (slot.active || owner === undefined || owner.enabledAfterPlan === 'enabled-by-plan') return [];
      const paused = owner.enabledAfterPlan === 'disabled';
      return [
        {
          object: slot.name,
          message:
            `Slot ${slot.name} of subscription ${owner.subscription} is inactive${retained(slot)}: ` +
            (paused
              ? 'the subscription is disabled, and the source keeps all WAL since it paused until it is enabled again.'
              : 'the subscription is enabled but no walsender streams it: the target cannot connect or its apply ' +
                'worker keeps failing; the source keeps WAL meanwhile.') +
            lost(slot),
          fix: paused
            ? 'Enable the subscription soon (enabled: true), or drop it if it will not resume; watch the retained WAL with replctl status.'
            : "Run replctl status and read the target's log: check the network, pg_hba.conf (pg-hba-no-match), " +
              'the replication role, and apply errors (pg_stat_subscription_stats).',
        },
      ];
    });
  },
};

export const replicationSlotOrphan: LintRule = {
  id: 'replication-slot-orphan',
  severity: 'warning',
  summary: 'an inactive replication slot no known subscription uses retains WAL on the source',
  check(input) {
    const owners = slotOwners(input);
    return input.live.source.slots
      .filter((slot) => !slot.active && !owners.has(slot.name))
      .map((slot) => ({
        object: slot.name,
        message:
          `Slot ${slot.name} (${slot.slotType}${slot.database === null ? '' : `, database ${slot.database}`}) is ` +
          `inactive and no subscription replctl manages uses it${retained(slot)}: the source keeps WAL for it ` +
          `until the disk fills.${lost(slot)}`,
        fix:
          `If nothing will consume it any more (a dropped subscription, a crashed table sync), drop it on the ` +
          `source: SELECT pg_drop_replication_slot(${quoteLiteral(slot.name)}).`,
      }));
  },
};

interface SlotOwner {
  readonly subscription: string;
  readonly enabledAfterPlan: 'enabled' | 'enabled-by-plan' | 'disabled';
}

/** Slots of subscriptions replctl knows (desired, or read from an earlier version), by slot name. */
function slotOwners({ desired, live }: LintInput): Map<string, SlotOwner> {
  const owners = new Map<string, SlotOwner>();
  const wanted = desired.target?.subscriptions ?? {};
  for (const [name, current] of Object.entries(live.target.subscriptions)) {
    if (current.slotName === null) continue;
    const desiredEnabled = name in wanted ? (wanted[name]!.enabled ?? current.enabled) : current.enabled;
    owners.set(current.slotName, {
      subscription: name,
      enabledAfterPlan: !desiredEnabled ? 'disabled' : current.enabled ? 'enabled' : 'enabled-by-plan',
    });
  }
  for (const [name, subscription] of Object.entries(wanted)) {
    if (name in live.target.subscriptions) continue;
    const slot =
      subscription.options?.slot_name === undefined ? name : String(subscription.options.slot_name);
    // A subscription the plan creates: a slot already there under its name is one it will reuse or trip on.
    if (optionFlag(subscription.options?.create_slot, true)) continue;
    owners.set(slot, {
      subscription: name,
      enabledAfterPlan: subscription.enabled === false ? 'disabled' : 'enabled-by-plan',
    });
  }
  return owners;
}

function retained(slot: LiveSlot): string {
  return slot.retainedWalBytes === null ? '' : ` and retains ${formatBytes(slot.retainedWalBytes)} of WAL`;
}

function lost(slot: LiveSlot): string {
  return slot.walStatus === 'lost'
    ? ' Its WAL is already gone (wal_status lost): the slot cannot be used again; the subscription must be ' +
        'recreated, with a full copy.'
    : '';
}
