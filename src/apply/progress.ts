import type { RunOutcome, StepStatus } from './journal-records.js';

/** What apply tells the user while it runs. All texts are already redacted. */
export type ProgressEvent =
  | { readonly kind: 'lock-wait'; readonly holder: string }
  | {
      readonly kind: 'run-start';
      readonly runId: string;
      readonly steps: number;
      readonly crashedRuns: readonly string[];
    }
  | {
      readonly kind: 'step-start';
      readonly stepId: string;
      readonly summary: string;
      readonly index: number;
      readonly total: number;
    }
  | {
      readonly kind: 'step-end';
      readonly stepId: string;
      readonly status: Exclude<StepStatus, 'intent'>;
      readonly durationMs: number;
      readonly note?: string;
    }
  | {
      readonly kind: 'waiting';
      readonly stepId: string;
      readonly status: string;
      readonly elapsedMs: number;
      readonly timeoutMs: number;
    }
  | { readonly kind: 'notice'; readonly message: string }
  | {
      readonly kind: 'run-end';
      readonly runId: string;
      readonly outcome: RunOutcome;
      readonly durationMs: number;
    };

/** Passed in: a TTY gets a live status line, logs and CI get a line per state change. */
export interface ProgressReporter {
  report(event: ProgressEvent): void;
}

export const silentProgress: ProgressReporter = { report: () => undefined };

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 1000 ? `${Math.round(ms)}ms` : `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The line for every event but `waiting`, shared by both reporters. */
export function describeEvent(event: Exclude<ProgressEvent, { kind: 'waiting' }>): string {
  switch (event.kind) {
    case 'lock-wait':
      return `waiting for the apply lock, held by ${event.holder}`;
    case 'run-start': {
      const crashed =
        event.crashedRuns.length > 0
          ? ` (earlier run ${event.crashedRuns.join(', ')} crashed; resuming)`
          : '';
      return `run ${event.runId}: ${event.steps} step(s)${crashed}`;
    }
    case 'step-start':
      return `[${event.index + 1}/${event.total}] ${event.stepId}: ${event.summary}`;
    case 'step-end': {
      const note = event.note ? ` (${event.note})` : '';
      return `  ${event.status} ${event.stepId} in ${formatDuration(event.durationMs)}${note}`;
    }
    case 'notice':
      return `  ${event.message}`;
    case 'run-end':
      return `run ${event.runId} ${event.outcome} after ${formatDuration(event.durationMs)}`;
  }
}
