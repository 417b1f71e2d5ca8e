import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { expectKillAndResumeToConverge, startedSteps } from '../support/kill-and-resume.js';

let e: E2eEnvironment;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
});
afterAll(async () => {
  await e?.stop();
});

it('converges when apply is killed right after CREATE SUBSCRIPTION, keeping the subscription', async () => {
  const { resumed } = await expectKillAndResumeToConverge(
    e,
    /^ {2}done target\.subscription\.my_subscription\.create /,
  );
  // Changed in place, never dropped and created again (that would re-copy every table).
  const again = startedSteps(resumed.stdout);
  expect(again).not.toContain('target.subscription.my_subscription.create');
  expect(again).not.toContain('target.subscription.my_subscription.drop');
});
