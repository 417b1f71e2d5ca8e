import { afterAll, beforeAll, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { until } from '../support/apply-waiting.js';
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

it('converges when apply is killed while its restart command restarts the source', async () => {
  const { killed } = await expectKillAndResumeToConverge(e, /^ {2}restarting the source: /, {
    // Killed once the restart command has stopped the server: the command runs on without apply.
    beforeKill: () =>
      until(
        () =>
          withClient(e.local.sourceUrl, async () => undefined).then(
            () => undefined,
            () => true,
          ),
        30_000,
      ).then(() => undefined),
  });
  expect(startedSteps(killed.stdout)).toContain('source.restart');
  await withClient(e.local.sourceUrl, async (c) => {
    expect((await c.query('SHOW wal_level')).rows[0].wal_level).toBe('logical');
  });
});
