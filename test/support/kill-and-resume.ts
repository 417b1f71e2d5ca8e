import { expect } from 'vitest';
import type { E2eEnvironment } from './e2e-environment.js';
import type { CliResult } from './replctl-cli.js';
import { expectTargetToMatchSource } from './replicated-rows.js';
import { startWriteLoad } from './write-load.js';

export interface KillOutcome {
  /** The run that was killed. */
  readonly killedRunId: string;
  /** What the killed apply printed. */
  readonly killed: CliResult;
  /** The apply that resumed it. */
  readonly resumed: CliResult;
}

/**
 * Design §9: on a fresh environment under a write load, `apply --auto-approve` is SIGKILLed when it
 * prints a line matching `at` (and `beforeKill` resolved), then re-run. Asserts that the re-run finishes (exit 0) and says it
 * resumes the crashed run, that a plan then finds nothing to do, that the target holds exactly the
 * source's rows of every published table, and that the journal shows the killed run as crashed.
 */
export async function expectKillAndResumeToConverge(
  e: E2eEnvironment,
  at: RegExp,
  options: { readonly beforeKill?: () => Promise<void> } = {},
): Promise<KillOutcome> {
  const load = startWriteLoad(e.local.sourceUrl);
  try {
    await load.more(10);
    const apply = e.spawn('apply', '--auto-approve');
    const runLine = await apply.line(/^run [0-9a-f-]{36}: \d+ step\(s\)/);
    const killedRunId = runLine.split(' ')[1]!.replace(/:$/, '');
    await apply.line(at);
    await options.beforeKill?.();
    const killed = await apply.kill();
    expect(killed.signal, apply.output()).toBe('SIGKILL');

    await load.more(10);
    // The killed run's lock dies with its session; a moment's wait covers the server noticing.
    const resumed = await e.run('apply', '--auto-approve', '--lock-timeout', '30');
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
    expect(resumed.stdout).toContain(`(earlier run ${killedRunId} crashed; resuming)`);
    expect(resumed.stdout).toMatch(/Live at version 4\.$/m);

    const plan = await e.run('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout).toBe(0);

    await load.more(10);
    const { committed } = await load.stop();
    expect(committed).toBeGreaterThan(30);
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl);

    const journal = await e.run('journal', '--format', 'json');
    expect(journal.code, journal.stderr).toBe(0);
    const runs = JSON.parse(journal.stdout).runs as { id: string; outcome: string }[];
    expect(runs.map((r) => r.outcome)).toEqual(['succeeded', 'crashed']);
    expect(runs[1]!.id).toBe(killedRunId);
    return { killedRunId, killed, resumed };
  } finally {
    await load.stop();
  }
}

/** Ids of the steps a run started, from its progress lines (`[3/19] source.restart: …`). */
export function startedSteps(output: string): string[] {
  return [...output.matchAll(/^\[\d+\/\d+\] (\S+): /gm)].map((m) => m[1]!);
}
