/**
 * The apply engine (design §5): executes a Plan against the source, the target and the RDS API with
 * a journal, one run per environment at a time, resumable after any crash.
 */
export { describeHolder, isApplyLockHeld } from './apply-lock.js';
export type { ApplyOptions, WaitKind } from './apply-options.js';
export { type ApplyResult, applyPlan } from './apply-plan.js';
export { type ApplyUnit, applyUnits } from './apply-units.js';
export { awsOperations, isAwsOperation } from './aws-operations.js';
export {
  type ChangesetMismatch,
  changesetIntegrityError,
  checkChangesetIntegrity,
  compareChangesetChecksums,
} from './changeset-integrity.js';
export { type Clock, systemClock } from './clock.js';
export type { DatabaseEndpoint, DbClient, Queryable } from './db-client.js';
export type { ApplyEndpoints, RdsSender, SourceRestart } from './endpoints.js';
export { ApplyError } from './failure.js';
export { JOURNAL_SCHEMA_VERSION } from './journal-migrations.js';
export {
  type JournalReadOptions,
  listRuns,
  listSteps,
  readAppliedChangesets,
  readLockHolder,
} from './journal-queries.js';
export type {
  AppliedChangeset,
  LockHolder,
  RunKind,
  RunOutcome,
  RunRecord,
  StepRecord,
  StepStatus,
} from './journal-records.js';
export { DEFAULT_JOURNAL_SCHEMA, journalVersion, migrateJournal } from './journal-schema.js';
export { assertPlanFresh } from './plan-freshness.js';
export { planHash } from './plan-hash.js';
export { formatDuration, type ProgressEvent, type ProgressReporter, silentProgress } from './progress.js';
export { lineProgress } from './progress-lines.js';
export { ttyProgress } from './progress-tty.js';
export { createRdsClient } from './rds-client.js';
export { ciUrlFromEnv, collectRunMetadata, type RunMetadata } from './run-metadata.js';
export { shellRestart } from './shell-restart.js';
