import { describe, expect, it } from 'vitest';
import type { LiveSlot, LiveState } from '../../../src/model/live-state.js';
import { context, describeStep, planFor, runbookDesired, runbookLive, stepById } from './builders.js';

const CREATE = 'target.subscription.my_subscription.create';

/** The runbook's live state with the subscription missing on the target and `slots` on the source. */
function withoutSubscription(slots: readonly LiveSlot[]): LiveState {
  const live = runbookLive();
  return {
    ...live,
    source: { ...live.source, slots },
    target: { ...live.target, subscriptions: {} },
  };
}

const orphan: LiveSlot = {
  name: 'my_subscription',
  plugin: 'pgoutput',
  slotType: 'logical',
  database: 'app',
  active: false,
  retainedWalBytes: 1024,
};

/** The journal's record of a last run cut off in the middle of CREATE SUBSCRIPTION. */
const cutOffInCreate = { context: { ...context(), interruptedSteps: new Set([CREATE]) } };

describe('a replication slot left by an interrupted CREATE SUBSCRIPTION', () => {
  it('is taken over (create_slot = false) instead of failing with "already exists"', () => {
    const step = stepById(planFor(runbookDesired(), withoutSubscription([orphan]), cutOffInCreate), CREATE);
    expect(describeStep(step)).toContain("WITH (create_slot = false, slot_name = 'my_subscription')");
  });

  it('is not taken over without the journal saying CREATE SUBSCRIPTION was cut off: it may be another subscriber’s', () => {
    for (const interruptedSteps of [
      undefined,
      new Set<string>(),
      new Set(['target.subscription.other.create']),
    ]) {
      const options = { context: { ...context(), ...(interruptedSteps ? { interruptedSteps } : {}) } };
      const step = stepById(planFor(runbookDesired(), withoutSubscription([orphan]), options), CREATE);
      expect(describeStep(step)).not.toContain('create_slot');
    }
  });

  it('is left alone when it is in use, of another plugin or database, or there is none', () => {
    for (const slots of [
      [{ ...orphan, active: true }],
      [{ ...orphan, plugin: 'wal2json' }],
      [{ ...orphan, database: 'other' }],
      [{ ...orphan, name: 'someone_else' }],
      [{ ...orphan, walStatus: 'lost' }],
      [],
    ]) {
      const step = stepById(planFor(runbookDesired(), withoutSubscription(slots), cutOffInCreate), CREATE);
      expect(describeStep(step)).not.toContain('create_slot');
    }
  });
});
