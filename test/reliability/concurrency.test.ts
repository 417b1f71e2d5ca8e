import { afterAll, beforeAll, expect, it } from 'vitest';
import { isApplyLockHeld } from '../../src/apply/apply-lock.js';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { eventually } from '../support/local-env.js';
import { reliabilitySize, reportFigures } from '../support/reliability.js';
import { type CliResult, ReplctlProcess } from '../support/replctl-cli.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';
import { expectJournalConsistent, maxOverlappingRuns, readJournal } from './support/journal-consistency.js';
import { type OverlapSample, startOverlapSampler } from './support/run-overlap-sampler.js';

/**
 * Design §5, §9: concurrent applies are serialized. Rounds of N `apply` and `rollback` processes
 * start together on one environment; exactly one runs at a time, the journal stays consistent,
 * each exits 0 or 4 (4 naming the holder), and the environment converges afterwards.
 */
const ROUNDS = reliabilitySize({ ci: [3], full: [2, 4, 8] });
/** Long enough for every other process of a round to finish its run first (a full setup included). */
const LONG_LOCK_TIMEOUT_S = 1200;
const SHORT_LOCK_TIMEOUT_S = 1;

let e: E2eEnvironment;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
}, 300_000);
afterAll(async () => {
  await e?.stop();
});

/** Every third process of a round waits only briefly for the lock. */
const isShortWait = (i: number) => i % 3 === 2;

/** Process i of a round: applies to the latest and rollbacks to 3 or 2 alternate. */
function commandFor(i: number): string[] {
  const lockTimeout = String(isShortWait(i) ? SHORT_LOCK_TIMEOUT_S : LONG_LOCK_TIMEOUT_S);
  const common = ['--allow-destructive', '--auto-approve', '--lock-timeout', lockTimeout];
  return i % 2 === 0 ? ['apply', ...common] : ['rollback', '--to', String(i % 4 === 1 ? 3 : 2), ...common];
}

/** The version the journal says is live is what is live: a plan to it has nothing to do. */
async function expectJournalVersionLive(version: number | null): Promise<void> {
  if (version === null) return;
  const plan = await e.run('plan', '--to', String(version), '--detailed-exitcode');
  expect(plan.code, `the journal says version ${version} is live:\n${plan.stdout}\n${plan.stderr}`).toBe(0);
}

function lockHeld(): Promise<boolean> {
  return withClient(e.local.targetAdminUrl('postgres'), (c) => isApplyLockHeld(c, 'replctl', 'local')).catch(
    () => false,
  );
}

interface Finished {
  readonly args: readonly string[];
  readonly result: CliResult;
}

it('serializes concurrent applies and rollbacks, keeps the journal consistent, and converges', {
  timeout: 3_600_000,
}, async () => {
  const started = Date.now();
  const finished: Finished[] = [];
  const sampler = startOverlapSampler(e.local.targetAdminUrl('postgres'));
  let sample: OverlapSample;
  try {
    for (const size of ROUNDS) {
      const start = (i: number) =>
        new ReplctlProcess(commandFor(i), {
          project: e.project,
          env: e.env,
          timeoutMs: (LONG_LOCK_TIMEOUT_S + 600) * 1000,
        });
      const indexes = Array.from({ length: size }, (_, i) => i);
      const waitLong = indexes.filter((i) => !isShortWait(i)).map(start);
      // The short waits start the moment one run holds the lock, so they meet a busy lock (exit 4).
      await eventually('a run to hold the apply lock', lockHeld, 300_000);
      const processes = [...waitLong, ...indexes.filter(isShortWait).map(start)];
      const results = await Promise.all(processes.map((p) => p.exited));
      for (const [i, result] of results.entries()) finished.push({ args: processes[i]!.args, result });
      const journal = await readJournal(e);
      await expectJournalConsistent(e, journal);
      await expectJournalVersionLive(journal.liveVersion);
    }
  } finally {
    sample = await sampler.stop();
  }

  const codes = (code: number) => finished.filter((f) => f.result.code === code).length;
  const journal = await readJournal(e);
  const runIds = new Set(journal.runs.map((r) => r.id));
  for (const { args, result } of finished) {
    const output = `replctl ${args.join(' ')}\n${result.stdout}\n${result.stderr}`;
    expect([0, 4], output).toContain(result.code);
    if (result.code === 4) {
      // The holder is named: a run the journal knows, or one the sampler saw holding the lock (a
      // run that found nothing to do holds it while it plans, and leaves no run row).
      const holder = /Another run holds the apply lock of environment local: run ([0-9a-f-]{36}) by /.exec(
        result.stderr,
      )?.[1];
      expect(holder, output).toBeDefined();
      expect(runIds.has(holder!) || sample.holders.has(holder!), output).toBe(true);
    }
  }
  expect(codes(4), 'short waits that met a busy lock').toBeGreaterThan(0);
  expect(sample.maxRunning, 'runs the journal showed running at once').toBeLessThanOrEqual(1);
  expect(sample.maxLockHolders, 'sessions holding the apply lock at once').toBeLessThanOrEqual(1);
  expect(sample.samples).toBeGreaterThan(0);

  // Converges: a final apply, then nothing to plan, and the target holds the source's rows.
  const apply = await e.run('apply', '--allow-destructive', '--auto-approve', '--lock-timeout', '60');
  expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
  const plan = await e.run('plan', '--detailed-exitcode');
  expect(plan.code, `${plan.stdout}\n${plan.stderr}`).toBe(0);
  const verify = await e.run('verify');
  expect(verify.code, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl);
  const last = await readJournal(e);
  await expectJournalConsistent(e, last);
  expect(last.liveVersion).toBe(4);

  reportFigures('concurrency (apply and rollback started together)', {
    rounds: ROUNDS.join('+'),
    processes: finished.length,
    'exit 0': codes(0),
    'exit 4': codes(4),
    'other exits': finished.length - codes(0) - codes(4),
    'max simultaneous runs (sampled)': sample.maxRunning,
    'max lock holders (sampled)': sample.maxLockHolders,
    'max overlapping runs (journal times)': maxOverlappingRuns(last.runs),
    samples: sample.samples,
    'journal runs': last.runs.length,
    'lock holders seen': sample.holders.size,
    seconds: Math.round((Date.now() - started) / 1000),
  });
});
