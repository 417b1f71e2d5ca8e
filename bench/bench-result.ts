import type { ApplyMeasurement } from './apply-child.js';
import type { Machine } from './machine.js';
import type { PlanLowerBound, PlanMeasurement } from './plan-child.js';

/** One `plan`: its best run against the best replay of its own catalog queries. */
export interface PlanFigures {
  /** Every run's measurement; `best` is the fastest. */
  readonly runs: readonly PlanMeasurement[];
  readonly best: PlanMeasurement;
  /** Fork to exit of the fastest run (Node start-up and module loading included). */
  readonly processMs: number;
  readonly lowerBound: PlanLowerBound;
  /** The fastest sequential replay: the plan's catalog queries alone, one connection at a time. */
  readonly lowerBoundMs: number;
  /** best.wallMs / lowerBoundMs: the ratio design §9 bounds at 1.5. */
  readonly ratio: number;
  /** The fastest concurrent replay (every session and the RDS calls at once), a stricter bound. */
  readonly concurrentBoundMs: number;
  /** best.wallMs / concurrentBoundMs. */
  readonly concurrentRatio: number;
  /** Source + target + RDS. */
  readonly queries: number;
  readonly loadAverage: number;
}

export interface ApplyFigures {
  /** The initial setup through replctl: its wall time without the waits, and the waits. */
  readonly replctl: ApplyMeasurement & { readonly workMs: number };
  /** The minimal batched SQL over one connection per database. */
  readonly minimalMs: number;
  /** Statements (round trips) it sent. */
  readonly minimalStatements: number;
  /** One statement per object, each in its own transaction. */
  readonly perObjectMs: number;
  readonly perObjectStatements: number;
  /** replctl.workMs / minimalMs. */
  readonly ratio: number;
  /** perObjectMs / replctl.workMs. */
  readonly perObjectSpeedup: number;
  readonly loadAverage: { readonly replctl: number; readonly minimal: number; readonly perObject: number };
}

export interface SizeResult {
  readonly tables: number;
  /** `SHOW server_version` of the environment. */
  readonly postgres: string;
  /** Creating the tables and their rows on the source (not part of any figure). */
  readonly sourceSetupMs: number;
  readonly planFresh: PlanFigures;
  /** Changeset 1 alone: settings with the source restart, the RDS parameter group and reboot. */
  readonly applySettings: ApplyMeasurement;
  readonly apply: ApplyFigures;
  readonly planAfterApply: PlanFigures;
  readonly planIncremental: PlanFigures;
}

export interface BenchResult {
  readonly formatVersion: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly repeats: number;
  /** Whether the subscriptions copied the initial rows (else `sync wait` is only the first check). */
  readonly copyData: boolean;
  readonly sizes: readonly SizeResult[];
}
