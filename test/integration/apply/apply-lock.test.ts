import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  applyPlan,
  isApplyLockHeld,
  listRuns,
  type ProgressEvent,
  readLockHolder,
} from '../../../src/apply/index.js';
import { ReplctlError } from '../../../src/errors.js';
import { withClient } from '../../../src/local/with-client.js';
import { recordingProgress, urlEndpoints } from '../../support/apply-endpoints.js';
import { sqlStep, testPlan } from '../../support/apply-plans.js';
import { until } from '../../support/apply-waiting.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

let local: TestLocalEnv;

beforeAll(async () => {
  local = await startLocalEnv();
});
afterAll(async () => {
  await local?.stop();
});

const endpoints = () =>
  urlEndpoints({
    source: local.sourceUrl,
    target: local.targetUrl,
    targetAdmin: local.targetUrl,
    journal: local.targetUrl,
  });

it('serializes concurrent applies of one environment: the second waits up to its lock timeout, then exit 4', async () => {
  const slow = testPlan([sqlStep('sleep', 'target', 'SELECT pg_sleep(3)', { transactional: false })], {
    environment: 'locked',
  });
  const quick = testPlan([sqlStep('noop', 'target', 'SELECT 1')], { environment: 'locked' });

  const first = applyPlan(slow, endpoints(), { metadata: { startedBy: 'alice', host: 'laptop-a' } });
  const holder = await until(() => withClient(local.targetUrl, (c) => readLockHolder(c, 'locked')));
  expect(holder).toMatchObject({ startedBy: 'alice', host: 'laptop-a' });
  await withClient(local.targetUrl, async (c) => {
    expect(await isApplyLockHeld(c, 'replctl', 'locked')).toBe(true);
    const [run] = await listRuns(c, { environment: 'locked' });
    expect(run).toMatchObject({ id: holder.runId, outcome: 'running' });
  });

  // Another environment in the same journal is not held up.
  await applyPlan(
    testPlan([sqlStep('other', 'target', 'SELECT 1')], { environment: 'elsewhere' }),
    endpoints(),
    {
      metadata: { startedBy: 'carol', host: 'laptop-c' },
    },
  );

  const progress = recordingProgress();
  const started = Date.now();
  const refused = await applyPlan(quick, endpoints(), {
    metadata: { startedBy: 'bob', host: 'laptop-b' },
    lockTimeoutMs: 1000,
    progress,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const waited = Date.now() - started;
  expect(refused).toBeInstanceOf(ReplctlError);
  expect((refused as ReplctlError).exitCode).toBe(4);
  expect((refused as ReplctlError).message).toContain(`run ${holder.runId} by alice on laptop-a`);
  expect((refused as ReplctlError).message).toMatch(/Gave up after 1s \(--lock-timeout\)/);
  expect(waited).toBeGreaterThanOrEqual(1000);
  expect(waited).toBeLessThan(2900);
  expect(progress.events).toContainEqual<ProgressEvent>({
    kind: 'lock-wait',
    holder: expect.stringContaining('alice') as unknown as string,
  });

  // A patient run waits for the lock and runs after the first has finished.
  const patient = applyPlan(quick, endpoints(), {
    metadata: { startedBy: 'dave', host: 'laptop-d' },
    lockTimeoutMs: 20_000,
  });
  const firstResult = await first;
  const patientResult = await patient;
  const runs = await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'locked' }));
  expect(runs.map((r) => [r.id, r.startedBy, r.outcome])).toEqual([
    [patientResult.runId, 'dave', 'succeeded'],
    [firstResult.runId, 'alice', 'succeeded'],
  ]);
  expect(runs[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[1]!.finishedAt!.getTime());
  await withClient(local.targetUrl, async (c) => {
    expect(await isApplyLockHeld(c, 'replctl', 'locked')).toBe(false);
    expect(await readLockHolder(c, 'locked')).toBeUndefined();
  });
});
