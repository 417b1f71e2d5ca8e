import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { fullReliability, reliabilitySize, reportFigures } from '../support/reliability.js';
import { PUBLISHED_AT_LATEST } from '../support/replicated-rows.js';
import { startWriteLoad } from '../support/write-load.js';
import { JournalGate } from './support/journal-gate.js';
import { type KillChain, killAtEachPoint, spreadKillPoints } from './support/kill-chain.js';
import { countRowsDiffering } from './support/rows-differing.js';

/**
 * Design §9: killing apply at any step and re-running it converges, with the target's rows equal
 * to the source's, while a write load runs on the source. The same for rollback and roll forward,
 * and for a roll forward run in place of the re-run of a crashed rollback.
 *
 * "At every step", here: each scenario runs on one environment as a chain. Its first run is
 * SIGKILLed at step 1 of its plan, the re-run (which must say it resumes the crashed run) at step
 * 2, and so on; the run after the last kill finishes. Each kill is pinned to its step by the
 * journal gate: it lands while the step runs (restarts, the RDS reboot, waits, slow statements) or
 * right after the step's work, before the run goes on (see JournalGate). A re-run re-plans from the
 * catalog, so a step an earlier killed run finished is not started again and cannot be killed at:
 * the members of a transactional batch (they commit together, so one kill covers them) and steps a
 * re-plan no longer needs. The figures say how many steps that left without a kill of their own.
 * npm test kills at a sample of steps spread over each plan; REPLCTL_RELIABILITY=full at every one.
 */

const SCENARIO_TIMEOUT = reliabilitySize({ ci: 900_000, full: 3_600_000 });

const PUBLISHED_AT_1 = {
  'public.users': PUBLISHED_AT_LATEST['public.users']!,
  'public.orders': PUBLISHED_AT_LATEST['public.orders']!,
};

let e: E2eEnvironment;
let gate: JournalGate;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
  gate = new JournalGate(e.local.targetAdminUrl('postgres'));
}, 600_000);
afterAll(async () => {
  await gate?.close();
  await e?.stop();
});

interface Scenario {
  readonly title: string;
  /** The write load's first id: each scenario's load writes rows of its own. */
  readonly firstLoadId: number;
  /** The command killed and re-run. */
  readonly command: readonly string[];
  /** Kill points in CI (spread over the plan); every step in full. */
  readonly ciKills: number;
  /** The last run, which nobody kills, when it is not a re-run of `command`. */
  readonly finishWith?: { readonly command: readonly string[]; readonly kind: 'apply' | 'rollback' };
  /** The kind of the killed runs; what the journal must say afterwards. */
  readonly kind: 'apply' | 'rollback';
  readonly liveVersion: number;
  /** The tables replicated at that version, with their published columns. */
  readonly published: Readonly<Record<string, string>>;
}

/**
 * Runs a scenario's kill chain under a write load on every published table, then asserts
 * convergence: verify exits 0 with no row differing, a plan to the version finds nothing to do, and
 * the journal records each killed run as crashed and the last as succeeded.
 */
async function expectConvergenceUnderKills(scenario: Scenario): Promise<KillChain> {
  const started = Date.now();
  const load = startWriteLoad(e.local.sourceUrl, {
    mix: 'every-published-table',
    firstId: scenario.firstLoadId,
  });
  let chain: KillChain;
  let written: { committed: number; rows: number };
  try {
    await load.more(10);
    chain = await killAtEachPoint({
      e,
      gate,
      command: scenario.command,
      ...(scenario.finishWith ? { finishWith: scenario.finishWith.command } : {}),
      killPoints: (steps) => spreadKillPoints(steps, fullReliability ? steps : scenario.ciKills),
      afterKill: () => load.more(5),
    });
    await load.more(10);
  } finally {
    written = await load.stop();
  }
  expect(chain.final.stdout).toMatch(new RegExp(`Live at version ${scenario.liveVersion}[.;]`, 'm'));

  const verify = await e.run('verify');
  const differing = await countRowsDiffering(e.local.sourceUrl, e.targetAppUrl, scenario.published);
  const landed = (landing: string) => chain.kills.filter((k) => k.landing === landing).length;
  reportFigures(`crash consistency (${scenario.title})`, {
    steps: chain.steps.length,
    'kill points': chain.points.length,
    kills: chain.kills.length,
    resumes: chain.resumes,
    'rows written': written.rows,
    'rows differing': differing,
    elapsed: `${Math.round((Date.now() - started) / 1000)} s`,
  });
  reportFigures(`crash consistency (${scenario.title}): where the kills landed`, {
    'killed at steps': chain.kills.map((k) => k.position).join(','),
    // Steps the run killed before them had done (a batch member, a wait a re-plan dropped).
    'kill points left without a kill': chain.unkilled.join(',') || 'none',
    'during the step': landed('during-step'),
    'after its work': landed('after-step-work'),
    'after it was journaled': landed('after-step-journaled'),
  });

  expect(verify.code, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  expect(verify.stdout).toContain('source and target are equal');
  expect(differing).toBe(0);
  expect(written.committed).toBeGreaterThanOrEqual(20 + 5 * chain.kills.length);
  expect(chain.kills.length).toBeGreaterThan(0);
  expect(chain.resumes).toBe(chain.kills.length);

  const plan = await e.run('plan', '--to', String(scenario.liveVersion), '--detailed-exitcode');
  expect(plan.code, plan.stdout).toBe(0);
  await expectJournalIntact(chain, scenario);
  return chain;
}

interface JournalJson {
  readonly liveVersion: number | null;
  readonly latestVersion: number;
  readonly lockHolder: unknown;
  readonly runs: readonly {
    readonly id: string;
    readonly kind: string;
    readonly targetVersion: number;
    readonly outcome: string;
    readonly steps: readonly { readonly stepId: string; readonly status: string }[];
  }[];
}

/** Every killed run is `crashed` with the step it was killed at journaled; the last run succeeded. */
async function expectJournalIntact(chain: KillChain, scenario: Scenario): Promise<void> {
  const result = await e.run('journal', '--format', 'json', '--steps', '--limit', '1000');
  expect(result.code, result.stderr).toBe(0);
  const journal = JSON.parse(result.stdout) as JournalJson;
  expect(journal).toMatchObject({ liveVersion: scenario.liveVersion, latestVersion: 4, lockHolder: null });
  expect(journal.runs.filter((r) => r.outcome === 'running')).toEqual([]);
  const [last] = journal.runs;
  expect(last).toMatchObject({
    kind: scenario.finishWith?.kind ?? scenario.kind,
    targetVersion: scenario.liveVersion,
    outcome: 'succeeded',
  });
  for (const kill of chain.kills) {
    const run = journal.runs.find((r) => r.id === kill.runId);
    expect(run, `killed run ${kill.runId}`).toMatchObject({ kind: scenario.kind, outcome: 'crashed' });
    const step = run!.steps.find((s) => s.stepId === kill.stepId);
    expect(['intent', 'done'], `step ${kill.stepId} of killed run ${kill.runId}`).toContain(step?.status);
  }
}

/** Brings the environment to `version` without kills, when a scenario runs on its own. */
async function ensureLiveAt(version: number): Promise<void> {
  const journal = await e.run('journal', '--format', 'json');
  if ((JSON.parse(journal.stdout) as JournalJson).liveVersion === version) return;
  const command = version === 4 ? ['apply'] : ['rollback', '--to', String(version)];
  const run = await e.run(...command, '--allow-destructive', '--auto-approve', '--lock-timeout', '120');
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
}

/** In order, each from where the one before it left the environment (ensureLiveAt covers a lone run). */
const SCENARIOS: readonly (Scenario & { readonly name: string; readonly from?: number })[] = [
  {
    name: 'apply to the latest version converges',
    title: 'apply',
    firstLoadId: 1_000_000,
    command: ['apply', '--auto-approve'],
    ciKills: 3,
    kind: 'apply',
    liveVersion: 4,
    published: PUBLISHED_AT_LATEST,
  },
  {
    name: 'rollback from the latest version to version 1 converges',
    from: 4,
    title: 'rollback',
    firstLoadId: 2_000_000,
    command: ['rollback', '--to', '1', '--allow-destructive', '--auto-approve'],
    ciKills: 2,
    kind: 'rollback',
    liveVersion: 1,
    published: PUBLISHED_AT_1,
  },
  {
    name: 'roll forward from version 1 to the latest converges',
    from: 1,
    title: 'roll forward',
    firstLoadId: 3_000_000,
    command: ['apply', '--allow-destructive', '--auto-approve'],
    ciKills: 2,
    kind: 'apply',
    liveVersion: 4,
    published: PUBLISHED_AT_LATEST,
  },
  {
    // Not re-running a crashed rollback: the subscription may still hold the tables it was dropping.
    name: 'roll forward instead of re-running a crashed rollback converges',
    from: 4,
    title: 'crashed rollback, then roll forward',
    firstLoadId: 4_000_000,
    command: ['rollback', '--to', '1', '--allow-destructive', '--auto-approve'],
    finishWith: { command: ['apply', '--allow-destructive', '--auto-approve'], kind: 'apply' },
    ciKills: 1,
    kind: 'rollback',
    liveVersion: 4,
    published: PUBLISHED_AT_LATEST,
  },
];

describe.sequential('crash consistency: SIGKILL at every step under a write load, then re-run', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, { timeout: SCENARIO_TIMEOUT }, async () => {
      if (scenario.from !== undefined) await ensureLiveAt(scenario.from);
      await expectConvergenceUnderKills(scenario);
    });
  }
});
