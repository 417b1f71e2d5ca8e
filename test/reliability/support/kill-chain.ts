import { expect } from 'vitest';
import type { E2eEnvironment } from '../../support/e2e-environment.js';
import type { CliResult, ReplctlProcess } from '../../support/replctl-cli.js';
import type { JournalGate, KillLanding } from './journal-gate.js';

/** One SIGKILL of the chain. */
export interface Kill {
  /** The kill point: a 1-based position in the first run's plan. */
  readonly aimedAt: number;
  /** Where it landed: the first step at or after `aimedAt` that the killed run started. */
  readonly position: number;
  readonly stepId: string;
  readonly landing: KillLanding;
  /** The killed run. */
  readonly runId: string;
}

export interface KillChain {
  /** The first run's plan: step ids in order. */
  readonly steps: readonly string[];
  readonly kills: readonly Kill[];
  /** Re-runs that said they resume the run killed before them. */
  readonly resumes: number;
  /** The kill points (positions in `steps`). */
  readonly points: readonly number[];
  /**
   * Kill points whose step no kill landed at, as no re-run started it again: the run killed before
   * had done it (another member of a transactional batch, or a step a re-plan no longer needs).
   */
  readonly unkilled: readonly number[];
  /** The last run, which nobody killed. */
  readonly final: CliResult;
}

export interface KillChainRequest {
  readonly e: E2eEnvironment;
  readonly gate: JournalGate;
  /** `apply --auto-approve`, `rollback --to 1 --auto-approve ...`: the first run and every re-run. */
  readonly command: readonly string[];
  /** The kill points (1-based positions, ascending, the first being 1) for a plan of `steps` steps. */
  readonly killPoints: (steps: number) => readonly number[];
  /** The last run, nobody kills (default `command`): e.g. a roll forward after a crashed rollback. */
  readonly finishWith?: readonly string[];
  /** Runs after each kill, before the re-run (e.g. lets the write load commit more). */
  readonly afterKill?: () => Promise<void>;
}

const RUN_LINE = /^run ([0-9a-f-]{36}): (\d+) step\(s\)/;
const PLAN_STEP = /^ {2}# (\d+)\. (\S+) \(for /gm;

/**
 * Kills `command` at each kill point in turn, on one environment: the first run is killed at the
 * first point, its re-run (which must say it resumes the killed run) at the next, and so on; the
 * run after the last kill goes to its end. A kill is aimed at a step of the FIRST run's plan; a
 * re-run re-plans from the catalog, so it is told by step id, not by its `[i/n]` number. The kill
 * lands on the first step at or after the point that the run starts, pinned there by the journal
 * gate (while the step runs or right after its work, see JournalGate).
 */
export async function killAtEachPoint(request: KillChainRequest): Promise<KillChain> {
  const { e, gate, command } = request;
  // Aimed before the run starts, so even a plan of one quick step cannot slip past the gate. The
  // first run of a new environment makes the journal: the gate can only aim once it said its id.
  const aimedEarly = await gate.aim('any');
  let run = e.spawn(...command);
  try {
    const first = await runStart(run);
    if (!aimedEarly) await gate.aim('any', first.runId);
    const steps = planOf(run, first.steps);
    const points = request.killPoints(steps.length);
    expect(points[0], 'the first kill point').toBe(1);
    const kills: Kill[] = [];
    let resumes = 0;
    let inFlight: RunStart | undefined = first;
    /** Re-runs the command, the gate aimed at `aimed`; the last run (aimed at nothing) may be another. */
    const resume = async (aimed?: readonly string[]) => {
      if (aimed) expect(await gate.aim(aimed)).toBe(true);
      const next = aimed ? command : (request.finishWith ?? command);
      // The killed run's lock dies with its session, once the server sees it gone.
      run = e.spawn(...next, '--lock-timeout', '120');
      const started = await runStart(run);
      expect(started.line, run.output()).toContain(`(earlier run ${kills.at(-1)!.runId} crashed; resuming)`);
      resumes += 1;
      return started;
    };

    for (const point of points) {
      if (kills.length > 0 && point <= kills.at(-1)!.position) continue;
      inFlight ??= await resume(steps.slice(point - 1));
      const current = run;
      const caught = await gate.caught(
        () => current.child.exitCode !== null || current.child.signalCode !== null,
      );
      if (caught === undefined) {
        // The run finished without starting any step from the point on: earlier runs had done them.
        await gate.release();
        break;
      }
      try {
        expect(caught.runId).toBe(inFlight.runId);
        const killed = await run.kill();
        expect(killed.signal, run.output()).toBe('SIGKILL');
      } finally {
        await gate.release();
      }
      kills.push({ aimedAt: point, position: steps.indexOf(caught.stepId) + 1, ...caught });
      inFlight = undefined;
      await request.afterKill?.();
    }
    if (!inFlight) await resume();
    const final = await run.exited;
    expect(final.code, run.output()).toBe(0);
    const unkilled = points.filter((p) => !kills.some((k) => k.position === p));
    return { steps, kills, resumes, points, unkilled, final };
  } finally {
    // A failed expectation must not leave a CLI running, or one held at the gate, for what follows.
    if (run.child.exitCode === null && run.child.signalCode === null) await run.kill();
    await gate.release().catch(() => undefined);
  }
}

/** Kill points spread evenly over a plan of `steps` steps, the first and the last included. */
export function spreadKillPoints(steps: number, count: number): readonly number[] {
  if (count >= steps) return Array.from({ length: steps }, (_, i) => i + 1);
  if (count === 1) return [1];
  const points = Array.from({ length: count }, (_, i) => 1 + Math.round((i * (steps - 1)) / (count - 1)));
  return [...new Set(points)];
}

interface RunStart {
  readonly runId: string;
  readonly steps: number;
  /** `run <id>: N step(s)`, and whom it resumes. */
  readonly line: string;
}

async function runStart(run: ReplctlProcess): Promise<RunStart> {
  const line = await run.line(RUN_LINE, 600_000);
  const [, runId, steps] = RUN_LINE.exec(line)!;
  return { runId: runId!, steps: Number(steps), line };
}

/** The step ids of the plan the run printed before its run line. */
function planOf(run: ReplctlProcess, count: number): readonly string[] {
  const steps = [...run.output().matchAll(PLAN_STEP)].map((m) => m[2]!);
  expect(steps.length, run.output()).toBe(count);
  return steps;
}
