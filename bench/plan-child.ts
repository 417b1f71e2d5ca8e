/**
 * A child process of the benchmark: `replctl plan` as the CLI runs it (load the project, fold,
 * introspect, plan, render the text plan), measured from the inside. Modes:
 *   measure      the plan's wall time, its query counts per endpoint and the process's peak RSS;
 *   lower-bound  the plan once with every statement and RDS call captured, then those sent again
 *                alone (see replayQueries), `repeats` times, one connection at a time and at once.
 * Usage: plan-child.ts <project-dir> measure|lower-bound [repeats]
 */
import pc from 'picocolors';
import { renderPlan } from '../src/cli/render-plan.js';
import { loadProject } from '../src/config/load-project.js';
import { processResolveContext } from '../src/config/resolve-context.js';
import { preparePlan } from '../src/workflow/prepare-plan.js';
import { reply } from './child-process.js';
import { captureQueries } from './query-capture.js';
import { type Replay, replayQueries } from './query-replay.js';

export interface PlanMeasurement {
  /** Load, fold, introspect, plan and render, after the process started and loaded its modules. */
  readonly wallMs: number;
  /** This process's CPU time (user + system) over the same span. */
  readonly cpuMs: number;
  readonly phasesMs: { readonly load: number; readonly prepare: number; readonly render: number };
  readonly queries: { readonly source: number; readonly target: number; readonly rds: number };
  readonly steps: number;
  readonly renderedBytes: number;
  /** process.resourceUsage().maxRSS, in bytes. */
  readonly maxRssBytes: number;
}

export interface PlanLowerBound {
  /** Statements per session (BEGIN and COMMIT included), in the order the sessions opened. */
  readonly statements: readonly number[];
  readonly rdsCalls: number;
  readonly replays: readonly Replay[];
}

async function plan(projectDir: string) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const project = await loadProject(projectDir);
  const loaded = performance.now();
  const prepared = await preparePlan({ project, resolveContext: processResolveContext(project.dir) });
  const planned = performance.now();
  const text = renderPlan(prepared, 'text', { colors: pc.createColors(false) });
  const rendered = performance.now();
  const used = process.cpuUsage(cpu);
  return {
    prepared,
    text,
    wallMs: rendered - started,
    cpuMs: (used.user + used.system) / 1000,
    phasesMs: { load: loaded - started, prepare: planned - loaded, render: rendered - planned },
  };
}

async function measure(projectDir: string): Promise<PlanMeasurement> {
  const { prepared, text, wallMs, cpuMs, phasesMs } = await plan(projectDir);
  return {
    wallMs,
    cpuMs,
    phasesMs,
    queries: prepared.stats.queries,
    steps: prepared.plan.steps.length,
    renderedBytes: Buffer.byteLength(text),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

async function lowerBound(projectDir: string, repeats: number): Promise<PlanLowerBound> {
  const capture = captureQueries();
  try {
    await plan(projectDir);
  } finally {
    capture.stop();
  }
  return {
    statements: capture.sessions.map((s) => s.queries.length),
    rdsCalls: capture.rdsCalls.length,
    replays: await replayQueries(capture.sessions, capture.rdsCalls, repeats),
  };
}

const [projectDir, mode, repeats] = process.argv.slice(2);
await reply(async () => {
  if (projectDir === undefined)
    throw new Error('usage: plan-child.ts <project-dir> measure|lower-bound [repeats]');
  if (mode === 'measure') return measure(projectDir);
  if (mode === 'lower-bound') return lowerBound(projectDir, Number(repeats ?? 3));
  throw new Error(`unknown mode ${mode}`);
});
