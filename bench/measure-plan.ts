import type { PlanFigures } from './bench-result.js';
import type { ChildBuild } from './build-children.js';
import { runChild } from './child-process.js';
import { loadAverage, stealWindow } from './machine.js';
import type { PlanLowerBound, PlanMeasurement } from './plan-child.js';

export interface PlanRunOptions {
  readonly project: string;
  readonly env: Readonly<Record<string, string>>;
  readonly repeats: number;
  readonly children: ChildBuild;
  /** Write a V8 CPU profile of every measured run into this directory. */
  readonly cpuProfileDir?: string;
}

/**
 * `plan` of the project as it stands, `repeats` times in fresh processes, then its lower bound:
 * the same catalog queries replayed alone, `repeats` times. The best of each is kept.
 */
export async function measurePlan(options: PlanRunOptions): Promise<PlanFigures> {
  const { project, env, repeats, children } = options;
  const script = children.script('plan-child.ts');
  const flags = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const runs: { value: PlanMeasurement; processMs: number }[] = [];
  const stolen = stealWindow();
  for (let r = 0; r < repeats; r++) {
    runs.push(await runChild<PlanMeasurement>(script, [project, 'measure'], { env, nodeFlags: flags }));
  }
  const load = loadAverage();
  const { value: lowerBound } = await runChild<PlanLowerBound>(
    script,
    [project, 'lower-bound', String(repeats)],
    { env },
  );
  const stealPercent = stolen();
  const best = runs.reduce((a, b) => (b.value.wallMs < a.value.wallMs ? b : a));
  const lowerBoundMs = Math.min(...lowerBound.replays.map((r) => r.sequentialMs));
  const concurrentBoundMs = Math.min(...lowerBound.replays.map((r) => r.concurrentMs));
  const q = best.value.queries;
  return {
    runs: runs.map((r) => r.value),
    best: best.value,
    processMs: best.processMs,
    lowerBound,
    lowerBoundMs,
    ratio: best.value.wallMs / lowerBoundMs,
    concurrentBoundMs,
    concurrentRatio: best.value.wallMs / concurrentBoundMs,
    queries: q.source + q.target + q.rds,
    loadAverage: load,
    ...(stealPercent === undefined ? {} : { stealPercent }),
  };
}

/** One line for the progress log. */
export function describePlan(label: string, p: PlanFigures): string {
  return (
    `${label}: ${Math.round(p.best.wallMs)} ms (cpu ${Math.round(p.best.cpuMs)}), ` +
    `lower bound ${Math.round(p.lowerBoundMs)} ms (concurrent ${Math.round(p.concurrentBoundMs)}), ` +
    `${p.queries} queries, ${p.best.steps} steps, peak ${Math.round(p.best.maxRssBytes / 2 ** 20)} MB` +
    (p.stealPercent === undefined ? '' : `, ${p.stealPercent} % of the CPU stolen by the host`)
  );
}
