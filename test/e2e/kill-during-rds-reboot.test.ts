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

it('converges when apply is killed while it waits for the RDS reboot, without rebooting again', async () => {
  const { killed, resumed } = await expectKillAndResumeToConverge(
    e,
    /^\[\d+\/\d+\] rds\.instance\.reporting-replica\.wait-in-sync: /,
  );
  expect(startedSteps(killed.stdout)).toContain('rds.instance.reporting-replica.reboot');
  // A reboot already requested is waited for, not repeated (design §5).
  expect(startedSteps(resumed.stdout)).not.toContain('rds.instance.reporting-replica.reboot');
});
