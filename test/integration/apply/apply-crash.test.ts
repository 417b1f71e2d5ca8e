import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyPlan, isApplyLockHeld, listRuns, listSteps } from '../../../src/apply/index.js';
import { withClient } from '../../../src/local/with-client.js';
import type { ApplyChildConfig } from '../../support/apply-child.js';
import { type EndpointUrls, urlEndpoints } from '../../support/apply-endpoints.js';
import { relationExists, sqlStep, testPlan } from '../../support/apply-plans.js';
import { until } from '../../support/apply-waiting.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let local: TestLocalEnv;
let urls: EndpointUrls;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  local = await startLocalEnv();
  urls = {
    source: local.sourceUrl,
    target: local.targetUrl,
    targetAdmin: local.targetUrl,
    journal: local.targetUrl,
  };
  dir = await mkdtemp(join(tmpdir(), 'replctl-apply-crash-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await local?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('converges when apply is SIGKILLed mid-plan and re-run, and the journal shows the crashed run', async () => {
  const env = 'crash';
  const plan = testPlan(
    [
      sqlStep('k1', 'target', 'CREATE TABLE crash_a (id int)', { postcondition: relationExists('crash_a') }),
      sqlStep('k2', 'target', 'SELECT pg_sleep(3)', { transactional: false }),
      sqlStep('k3', 'target', 'CREATE TABLE crash_b (id int)', { postcondition: relationExists('crash_b') }),
    ],
    { environment: env },
  );
  const config: ApplyChildConfig = { urls, secrets: {}, plan, startedBy: 'doomed' };
  const configFile = join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  child = spawn(process.execPath, ['--import', 'tsx', 'test/support/apply-child.ts', configFile], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child!.on('exit', (_code, signal) => resolve(signal)),
  );

  // Kill it while k2 is in flight: k1 committed, k3 not started.
  const crashedRun = await until(() =>
    withClient(local.targetUrl, async (c) => {
      const [run] = await listRuns(c, { environment: env });
      if (!run) return undefined;
      const steps = await listSteps(c, run.id);
      return steps.some((s) => s.stepId === 'k2' && s.status === 'intent') ? run.id : undefined;
    }),
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; child output:\n${output}`);
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  // The server drops the dead process's session, and with it the lock; readers see the run crashed.
  await until(() =>
    withClient(local.targetUrl, async (c) => ((await isApplyLockHeld(c, 'replctl', env)) ? undefined : true)),
  );
  await withClient(local.targetUrl, async (c) => {
    const [run] = await listRuns(c, { environment: env });
    expect(run).toMatchObject({ id: crashedRun, outcome: 'crashed', startedBy: 'doomed', finishedAt: null });
  });

  const rerun = await applyPlan(plan, urlEndpoints(urls), { metadata: { startedBy: 'rescuer', host: 'h' } });
  expect(rerun.crashedRuns).toEqual([crashedRun]);
  expect(rerun.steps.map((s) => [s.stepId, s.status])).toEqual([
    ['k1', 'skipped'],
    ['k2', 'done'],
    ['k3', 'done'],
  ]);

  await withClient(local.targetUrl, async (c) => {
    const tables = await c.query(
      `SELECT to_regclass('crash_a') IS NOT NULL AND to_regclass('crash_b') IS NOT NULL AS ok`,
    );
    expect(tables.rows[0].ok).toBe(true);
    const runs = await listRuns(c, { environment: env });
    expect(runs.map((r) => [r.id, r.outcome])).toEqual([
      [rerun.runId, 'succeeded'],
      [crashedRun, 'crashed'],
    ]);
    const stored = await c.query('SELECT outcome FROM replctl.runs WHERE id = $1', [crashedRun]);
    expect(stored.rows[0].outcome).toBe('crashed');
    const steps = await listSteps(c, crashedRun);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['k1', 'done'],
      ['k2', 'intent'],
    ]);
  });
});
