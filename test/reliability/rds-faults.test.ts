import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { reliabilitySize, reportFigures } from '../support/reliability.js';
import { type CliResult, ReplctlProcess } from '../support/replctl-cli.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';
import { readJournal } from './support/journal-consistency.js';
import { type RdsCallCounter, setRdsFaults, startRdsCallCounter } from './support/rds-call-counter.js';

/**
 * Design §9: RDS throttling and 5xx are survived. `apply` through the CLI converges while the local
 * RDS endpoint throttles a share of calls, answers 5xx, or adds latency; when the faults outlast the
 * SDK's retries it stops resumably, naming the RDS step, and a re-run after the faults end converges.
 */
const SURVIVABLE = reliabilitySize({
  ci: ['throttle=0.3,error=0.1,latencyMs=300,seed=1'],
  full: [
    'throttle=0.3,seed=1',
    'error=0.3,seed=2',
    'latencyMs=2000,seed=3',
    'throttle=0.3,error=0.2,latencyMs=500,seed=4',
  ],
});
/** Faults every call; each stops a run that has reached its RDS steps. */
const EXHAUSTING = reliabilitySize<readonly Readonly<Record<string, number>>[]>({
  ci: [{ error: 1 }],
  full: [{ error: 1 }, { throttle: 1 }],
});
const TIMEOUT = 1_800_000;

/** An environment whose CLI reaches the RDS endpoint through a counter. */
interface CountedEnvironment {
  readonly e: E2eEnvironment;
  readonly counter: RdsCallCounter;
  run(...args: string[]): Promise<CliResult>;
  spawn(...args: string[]): ReplctlProcess;
}

async function startCounted(rdsFaults?: string): Promise<CountedEnvironment> {
  const e = await startE2eEnvironment(rdsFaults ? { rdsFaults } : {});
  const counter = await startRdsCallCounter(e.local.rdsEndpointUrl);
  const options = {
    project: e.project,
    env: { ...e.env, AWS_ENDPOINT_URL_RDS: counter.url },
    timeoutMs: TIMEOUT,
  };
  const spawn = (...args: string[]) => new ReplctlProcess(args, options);
  return { e, counter, spawn, run: (...args) => spawn(...args).exited };
}

const started: CountedEnvironment[] = [];
afterAll(async () => {
  await Promise.all(started.map(async (c) => Promise.all([c.counter.stop(), c.e.stop()])));
});
beforeAll(() => buildOnce(), 300_000);

const output = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

/** Nothing left to plan, the target tables hold the source's rows, and verify agrees. */
async function expectConverged(c: CountedEnvironment): Promise<void> {
  const plan = await c.run('plan', '--detailed-exitcode');
  expect(plan.code, output(plan)).toBe(0);
  await expectTargetToMatchSource(c.e.local.sourceUrl, c.e.targetAppUrl);
  const verify = await c.run('verify');
  expect(verify.code, output(verify)).toBe(0);
}

describe.each(SURVIVABLE)('RDS endpoint faults %s', (spec) => {
  it('apply converges through the retries', { timeout: TIMEOUT }, async () => {
    const c = await startCounted(spec);
    started.push(c);
    const apply = await c.run('apply', '--auto-approve');
    expect(apply.code, output(apply)).toBe(0);
    expect(apply.stdout).toMatch(/Live at version 4\.$/m);
    const counts = c.counter.counts();
    await expectConverged(c);
    if (!spec.startsWith('latency')) expect(counts.faulted).toBeGreaterThan(0);
    reportFigures(`RDS faults (${spec})`, {
      'RDS attempts': counts.attempts,
      'calls faulted': counts.faulted,
      retries: counts.retries,
      outcome: `exit ${apply.code}, converged`,
      seconds: Math.round(apply.durationMs / 1000),
    });
  });
});

describe('RDS faults that outlast the retries', () => {
  it('stop apply resumably at its RDS step, and a re-run converges once they end', {
    timeout: TIMEOUT,
  }, async () => {
    const c = await startCounted();
    started.push(c);
    const stops: { faults: string; step: string; retries: number; faulted: number }[] = [];
    for (const faults of EXHAUSTING) {
      const apply = c.spawn('apply', '--auto-approve');
      // Planned with a healthy API; the faults strike from the run's first step on.
      await apply.line(/^run [0-9a-f-]{36}: \d+ step\(s\)/);
      c.counter.reset();
      await setRdsFaults(c.e.local.rdsEndpointUrl, faults);
      const stopped = await apply.exited;
      await setRdsFaults(c.e.local.rdsEndpointUrl, {});
      const counts = c.counter.counts();

      expect(stopped.code, output(stopped)).toBe(5);
      const runId = /^run ([0-9a-f-]{36}):/m.exec(stopped.stdout)?.[1];
      // Names the step, the RDS operation, that the SDK retried, and how to resume.
      expect(stopped.stderr).toMatch(
        /^error: step rds\.\S+ failed: the RDS API did not answer after \d+ attempts: .+ \(RDS (Create|Modify)DB\w+\)$/m,
      );
      expect(stopped.stderr).toContain(`Run ${runId} stopped; re-run \`replctl apply\` to resume`);

      // The journal holds what was committed and the step that failed; nothing is left in flight.
      const journal = await readJournal(c.e);
      const run = journal.runs.find((r) => r.id === runId)!;
      expect(run.outcome).toBe('stopped');
      const failed = run.steps.filter((s) => s.status === 'failed');
      expect(failed.map((s) => s.stepId)).toHaveLength(1);
      expect(failed[0]!.stepId).toMatch(/^rds\./);
      for (const step of run.steps) expect(['done', 'skipped', 'failed']).toContain(step.status);
      expect(journal.liveVersion).toBeNull();
      stops.push({
        faults: JSON.stringify(faults),
        step: failed[0]!.stepId,
        retries: counts.retries,
        faulted: counts.faulted,
      });
      expect(counts.faulted).toBeGreaterThan(0);
    }

    const resumed = await c.run('apply', '--auto-approve');
    expect(resumed.code, output(resumed)).toBe(0);
    expect(resumed.stdout).toMatch(/Live at version 4\.$/m);
    await expectConverged(c);
    for (const stop of stops) {
      reportFigures(`RDS faults outlasting the retries (${stop.faults})`, {
        'failed step': stop.step,
        'calls faulted': stop.faulted,
        retries: stop.retries,
        outcome: 'exit 5 (stopped, resumable); re-run exit 0, converged',
      });
    }
  });
});
