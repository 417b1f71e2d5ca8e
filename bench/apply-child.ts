/**
 * A child process of the benchmark: `replctl apply --auto-approve [--to K]` as the CLI runs it
 * (plan from live state, then the engine with its journal, lock, batches and waits), with every
 * step's span taken from the progress events, so waits can be told apart from work.
 * Usage: apply-child.ts <project-dir> [to-version]
 */
import type { ProgressEvent } from '../src/apply/progress.js';
import { loadProject } from '../src/config/load-project.js';
import { processResolveContext } from '../src/config/resolve-context.js';
import { runApply } from '../src/workflow/run-apply.js';
import { reply } from './child-process.js';
import { captureQueries } from './query-capture.js';

export interface StepSpan {
  readonly id: string;
  readonly kind: string;
  readonly endpoint: string;
  readonly ms: number;
}

export interface ApplyMeasurement {
  /** From loading the project to the end of the run. */
  readonly wallMs: number;
  /** This process's CPU time over the same span (the databases' is not in it). */
  readonly cpuMs: number;
  /** Every step that ran, with its time from its start event to its end event. */
  readonly steps: readonly StepSpan[];
  /** What the run spent waiting: wait steps (RDS in sync, restart done, tables synced) and restarts. */
  readonly waitsMs: number;
  /** Statements sent to the databases, every session's (planning, journal, steps, waits): round trips. */
  readonly statements: number;
}

async function apply(projectDir: string, toVersion: number | undefined): Promise<ApplyMeasurement> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  const record = (event: ProgressEvent) => {
    if (event.kind === 'step-start') starts.set(event.stepId, performance.now());
    if (event.kind === 'step-end') ends.set(event.stepId, performance.now());
  };
  const project = await loadProject(projectDir);
  const capture = captureQueries();
  const outcome = await runApply({
    project,
    ...(toVersion === undefined ? {} : { toVersion }),
    allowDestructive: false,
    allowChangedChangesets: false,
    lockTimeoutMs: 0,
    resolveContext: processResolveContext(project.dir),
    progress: { report: record },
    approve: async () => undefined,
    // Waits poll faster than the CLI's 2 s: they are reported apart, and the bench ends sooner.
    engine: { pollIntervalMs: 250 },
  }).finally(() => capture.stop());
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const steps = outcome.plan.steps
    .filter((s) => starts.has(s.id) && ends.has(s.id))
    .map((s) => ({ id: s.id, kind: s.kind, endpoint: s.endpoint, ms: ends.get(s.id)! - starts.get(s.id)! }));
  const waitsMs = steps
    .filter((s) => s.kind === 'wait' || s.kind === 'restart')
    .reduce((sum, s) => sum + s.ms, 0);
  const statements = capture.sessions.reduce((sum, session) => sum + session.queries.length, 0);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, steps, waitsMs, statements };
}

const [projectDir, to] = process.argv.slice(2);
await reply(async () => {
  if (projectDir === undefined) throw new Error('usage: apply-child.ts <project-dir> [to-version]');
  return apply(projectDir, to === undefined ? undefined : Number(to));
});
