import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyPlan, isApplyLockHeld, listRuns, listSteps } from '../../../src/apply/index.js';
import { withClient } from '../../../src/local/with-client.js';
import type { ApplyChildConfig } from '../../support/apply-child.js';
import { type EndpointUrls, localUrls, urlEndpoints } from '../../support/apply-endpoints.js';
import { dependingOn, relationExists, sqlStep, testPlan } from '../../support/apply-plans.js';
import { until } from '../../support/apply-waiting.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let local: TestLocalEnv;
let urls: EndpointUrls;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  local = await startLocalEnv();
  urls = localUrls(local);
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
      dependingOn(sqlStep('k2', 'target', 'SELECT pg_sleep(3)', { transactional: false }), 'k1'),
      dependingOn(
        sqlStep('k3', 'target', 'CREATE TABLE crash_b (id int)', {
          postcondition: relationExists('crash_b'),
        }),
        'k2',
      ),
    ],
    { environment: env },
  );
  const doomed = await startChild({ urls, secrets: {}, plan, startedBy: 'doomed' });

  // Kill it while k2 is in flight: k1 committed, k3 not started.
  const crashedRun = await until(() =>
    withClient(local.targetUrl, async (c) => {
      const [run] = await listRuns(c, { environment: env });
      if (!run) return undefined;
      const steps = await listSteps(c, run.id);
      return steps.some((s) => s.stepId === 'k2' && s.status === 'intent') ? run.id : undefined;
    }),
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; child output:\n${doomed.output()}`);
  });
  expect(await doomed.kill()).toBe('SIGKILL');

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

it('converges when apply is SIGKILLed with two batches in flight: the committed one is skipped, the other redone', async () => {
  const env = 'crash-two';
  const slow = (seconds: number) => `CREATE TABLE two_slow (id int);\nSELECT pg_sleep(${seconds})`;
  const steps = (seconds: number) => [
    sqlStep('fast', 'target', 'CREATE TABLE two_fast (id int);\nSELECT 1', {
      postcondition: relationExists('two_fast'),
    }),
    sqlStep('slow', 'target', slow(seconds), { postcondition: relationExists('two_slow') }),
  ];
  // Two statements per transaction over two connections: each step is a batch of its own.
  const engine = { parallel: 2, maxStatementsPerTransaction: 4 };
  const doomed = await startChild({
    urls,
    secrets: {},
    plan: testPlan(steps(3), { environment: env }),
    startedBy: 'doomed',
    engine,
  });
  // Kill it once the fast batch committed (its done row commits with it) while the slow one runs.
  const slowRunning = (c: pg.ClientBase) =>
    c
      .query(
        `SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%two_slow (id int)%pg_sleep%'`,
      )
      .then((r) => (r.rowCount ?? 0) > 0);
  const crashedRun = await until(() =>
    withClient(local.targetUrl, async (c) => {
      const [run] = await listRuns(c, { environment: env });
      if (!run) return undefined;
      const steps = await listSteps(c, run.id);
      const fastDone = steps.some((s) => s.stepId === 'fast' && s.status === 'done');
      return fastDone && (await slowRunning(c)) ? run.id : undefined;
    }),
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; child output:\n${doomed.output()}`);
  });
  expect(await doomed.kill()).toBe('SIGKILL');
  // The orphaned batch rolls back when its sleep ends and the server finds its client gone.
  await until(() => withClient(local.targetUrl, async (c) => ((await slowRunning(c)) ? undefined : true)));

  await withClient(local.targetUrl, async (c) => {
    const tables = await c.query(
      `SELECT to_regclass('two_fast') IS NOT NULL AS fast, to_regclass('two_slow') IS NOT NULL AS slow`,
    );
    expect(tables.rows[0]).toEqual({ fast: true, slow: false });
    expect((await listSteps(c, crashedRun)).map((s) => [s.stepId, s.status])).toEqual([['fast', 'done']]);
  });
  const rerun = await applyPlan(testPlan(steps(0), { environment: env }), urlEndpoints(urls), {
    metadata: { startedBy: 'rescuer', host: 'h' },
    ...engine,
  });
  expect(rerun.crashedRuns).toEqual([crashedRun]);
  expect(rerun.steps.map((s) => [s.stepId, s.status])).toEqual([
    ['fast', 'skipped'],
    ['slow', 'done'],
  ]);
});

/** Starts apply in a child process, to be SIGKILLed like a crash. */
async function startChild(config: ApplyChildConfig) {
  const configFile = join(dir, `${config.plan.environment}.json`);
  await writeFile(configFile, JSON.stringify(config));
  const started = spawn(process.execPath, ['--import', 'tsx', 'test/support/apply-child.ts', configFile], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  started.stdout?.on('data', collect);
  started.stderr?.on('data', collect);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    started.on('exit', (_code, signal) => resolve(signal)),
  );
  return {
    output: () => output,
    kill: () => {
      started.kill('SIGKILL');
      return exited;
    },
  };
}
