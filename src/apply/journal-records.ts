/** Rows of the journal as the query functions return them (design §5). */

export type RunKind = 'apply' | 'rollback';

/**
 * - `running`: in progress (its process holds the apply lock);
 * - `succeeded`, `failed` (a step failed; fix and re-run), `stopped` (a manual step, a wait that timed
 *   out or an unavailable endpoint; re-run to resume);
 * - `crashed`: the process died mid-run; found by the next run, or by a reader when no one holds the lock.
 */
export type RunOutcome = 'running' | 'succeeded' | 'failed' | 'stopped' | 'crashed';

/**
 * - `intent`: about to run, or running; left behind when the process died mid-step;
 * - `done`, `failed`; `skipped`: its postcondition already held (finished by an earlier run);
 * - `stopped`: waiting for an operator (a manual step or a manual restart).
 */
export type StepStatus = 'intent' | 'done' | 'failed' | 'skipped' | 'stopped';

export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly environment: string;
  readonly startedBy: string;
  readonly host: string;
  readonly gitCommit: string | null;
  readonly ciUrl: string | null;
  readonly toolVersion: string;
  readonly targetVersion: number;
  readonly planHash: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly outcome: RunOutcome;
  /** Redacted. */
  readonly error: string | null;
}

export interface StepRecord {
  readonly runId: string;
  readonly stepId: string;
  /** Index of the step in its run's plan. */
  readonly position: number;
  readonly kind: string;
  readonly endpoint: string;
  readonly summary: string;
  /** Display SQL (secrets as placeholders) or the AWS operation and input. */
  readonly statement: string | null;
  readonly status: StepStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** Why a step was skipped or how it ended, e.g. `postcondition already held`. */
  readonly note: string | null;
  /** Redacted. */
  readonly error: string | null;
}

export interface AppliedChangeset {
  readonly version: number;
  readonly checksum: string;
  readonly appliedAt: Date;
  readonly runId: string;
}

export interface LockHolder {
  readonly runId: string;
  readonly startedBy: string;
  readonly host: string;
  readonly ciUrl: string | null;
  readonly since: Date;
}
