import { describe, expect, it } from 'vitest';
import { replicationSlotInactive, replicationSlotOrphan } from '../../../src/lint/rules/replication-slots.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { subscription } from '../planner/builders.js';
import { cleanDesired, cleanLive, run, slot, withSource, withTarget } from './states.js';

function paused(): DesiredState {
  const base = cleanDesired();
  return {
    ...base,
    target: {
      ...base.target,
      subscriptions: { my_subscription: { publications: ['my_publication'], enabled: false } },
    },
  };
}

describe('replication-slot-inactive', () => {
  const inactive = withSource(cleanLive(), {
    slots: [slot('my_subscription', { active: false, retainedWalBytes: 3 * 1024 ** 3 })],
  });

  it("fires for a paused subscription's slot, with the WAL it retains", () => {
    const findings = run(replicationSlotInactive, paused(), inactive);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', object: 'my_subscription' })]);
    expect(findings[0]!.message).toContain('retains 3.0 GB of WAL');
    expect(findings[0]!.message).toContain('disabled');
  });

  it('fires for an enabled subscription whose slot nobody streams, and says when its WAL is lost', () => {
    const lost = withSource(cleanLive(), {
      slots: [slot('my_subscription', { active: false, walStatus: 'lost' })],
    });
    const findings = run(replicationSlotInactive, cleanDesired(), lost);
    expect(findings[0]!.message).toContain('no walsender streams it');
    expect(findings[0]!.message).toContain('wal_status lost');
  });

  it('is quiet for an active slot, and for a disabled subscription the plan enables', () => {
    expect(run(replicationSlotInactive)).toEqual([]);
    const disabled = withTarget(inactive, {
      subscriptions: { my_subscription: subscription({ enabled: false }) },
    });
    expect(run(replicationSlotInactive, cleanDesired(), disabled)).toEqual([]);
  });
});

describe('replication-slot-orphan', () => {
  it('fires for an inactive slot no subscription replctl knows uses, with the drop statement', () => {
    const live = withSource(cleanLive(), {
      slots: [slot('my_subscription'), slot("left'over", { active: false, retainedWalBytes: 2048 })],
    });
    const findings = run(replicationSlotOrphan, cleanDesired(), live);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', object: "left'over" })]);
    expect(findings[0]!.message).toContain('retains 2.0 kB of WAL');
    expect(findings[0]!.fix).toContain("pg_drop_replication_slot('left''over')");
  });

  it("is quiet for someone else's active slot and for a subscription's own slot", () => {
    const live = withSource(cleanLive(), {
      slots: [
        slot('my_subscription', { active: false }),
        slot('standby', { slotType: 'physical', database: null }),
      ],
    });
    expect(run(replicationSlotOrphan, cleanDesired(), live)).toEqual([]);
  });
});
