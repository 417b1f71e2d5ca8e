import type { WaitCondition } from '../planner/plan.js';
import { type Clock, systemClock } from './clock.js';
import type { RunKind } from './journal-records.js';
import { DEFAULT_JOURNAL_SCHEMA } from './journal-schema.js';
import { type ProgressReporter, silentProgress } from './progress.js';
import type { RunMetadata } from './run-metadata.js';

export type WaitKind = WaitCondition['kind'];

export interface ApplyOptions {
  /** Recorded in the journal; a rollback also forgets the changesets above its target. Default `apply`. */
  readonly kind?: RunKind;
  /** `--allow-destructive`: without it a plan with destructive steps is refused before any change. */
  readonly allowDestructive?: boolean;
  /** Override: apply although an applied changeset's file changed since (its new checksum is recorded). */
  readonly allowChangedChangesets?: boolean;
  /** The journal's schema in the journal database. Default `replctl`. */
  readonly journalSchema?: string;
  /** `--lock-timeout`: how long to wait for another run's apply lock. Default 0 (try once). */
  readonly lockTimeoutMs?: number;
  /** `lock_timeout` on step connections. Default 10 s. */
  readonly stepLockTimeoutMs?: number;
  /** `statement_timeout` on step connections. Default 30 min. */
  readonly statementTimeoutMs?: number;
  /** Per wait condition. Defaults: RDS 30 min, source restart 10 min, subscription sync 2 h. */
  readonly waitTimeoutsMs?: Partial<Readonly<Record<WaitKind, number>>>;
  /**
   * Statements in flight per database endpoint: adjacent transactional steps share a transaction
   * up to this many divided by `parallel`. Default 1000.
   */
  readonly maxStatementsPerTransaction?: number;
  /**
   * `--parallel`: connections per database endpoint, so independent SQL steps run at once. Default
   * 2; 1 runs every step in plan order, one at a time.
   */
  readonly parallel?: number;
  /** How often waits poll. Default 2 s. */
  readonly pollIntervalMs?: number;
  /** How long to watch for a reboot an interrupted run requested before requesting it again. Default 30 s. */
  readonly rebootGraceMs?: number;
  /** How long journal writes retry while the journal database is unreachable (target reboot). Default 15 min. */
  readonly journalReconnectTimeoutMs?: number;
  readonly metadata: RunMetadata;
  readonly progress?: ProgressReporter;
  readonly clock?: Clock;
  /** Recorded with the run. Default: this replctl's version. */
  readonly toolVersion?: string;
}

export type ResolvedApplyOptions = Required<Omit<ApplyOptions, 'waitTimeoutsMs' | 'toolVersion'>> & {
  readonly waitTimeoutsMs: Readonly<Record<WaitKind, number>>;
  readonly toolVersion: string | undefined;
};

const MINUTE = 60_000;

/** Two connections per endpoint: measured 1.5× faster for 10,000 CREATE TABLEs than one. */
export const DEFAULT_PARALLEL = 2;

export function resolveApplyOptions(options: ApplyOptions): ResolvedApplyOptions {
  return {
    kind: options.kind ?? 'apply',
    allowDestructive: options.allowDestructive ?? false,
    allowChangedChangesets: options.allowChangedChangesets ?? false,
    journalSchema: options.journalSchema ?? DEFAULT_JOURNAL_SCHEMA,
    lockTimeoutMs: options.lockTimeoutMs ?? 0,
    stepLockTimeoutMs: options.stepLockTimeoutMs ?? 10_000,
    statementTimeoutMs: options.statementTimeoutMs ?? 30 * MINUTE,
    waitTimeoutsMs: {
      'rds-instance-in-sync': 30 * MINUTE,
      'source-no-pending-restart': 10 * MINUTE,
      'subscription-synced': 120 * MINUTE,
      ...options.waitTimeoutsMs,
    },
    maxStatementsPerTransaction: options.maxStatementsPerTransaction ?? 1000,
    parallel: options.parallel ?? DEFAULT_PARALLEL,
    pollIntervalMs: options.pollIntervalMs ?? 2000,
    rebootGraceMs: options.rebootGraceMs ?? 30_000,
    journalReconnectTimeoutMs: options.journalReconnectTimeoutMs ?? 15 * MINUTE,
    metadata: options.metadata,
    progress: options.progress ?? silentProgress,
    clock: options.clock ?? systemClock,
    toolVersion: options.toolVersion,
  };
}
