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

it('converges when apply is killed right after a transactional batch (the role and its grants)', async () => {
  const { killed, resumed } = await expectKillAndResumeToConverge(
    e,
    /^ {2}done source\.grant\.replicator\.select /,
  );
  expect(startedSteps(killed.stdout)).toContain('source.role.replicator.create');
  // The batch committed: the re-run finds the role and grants in the catalog and leaves them be.
  const again = startedSteps(resumed.stdout);
  expect(again.filter((id) => id.startsWith('source.role.') || id.startsWith('source.grant.'))).toEqual([]);
  expect(again.at(-1)).toBe('target.subscription.my_subscription.wait-synced');
});
