import { quoteIdent } from '../sql/quote.js';
import { isApplyLockHeld } from './apply-lock.js';
import type { Queryable } from './db-client.js';
import type {
  AppliedChangeset,
  LockHolder,
  RunOutcome,
  RunRecord,
  StepRecord,
  StepStatus,
} from './journal-records.js';
import { DEFAULT_JOURNAL_SCHEMA, journalVersion } from './journal-schema.js';

/**
 * Read access to the journal for `replctl journal`, `status` and the engine. A journal that does not
 * exist yet reads as empty. All functions take a client connected to the journal database.
 */
export interface JournalReadOptions {
  readonly schema?: string;
}

/**
 * Runs, newest first. A run still marked `running` whose environment's apply lock nobody holds is
 * reported `crashed`: its process died without recording an end.
 */
export async function listRuns(
  db: Queryable,
  options: JournalReadOptions & { readonly environment?: string; readonly limit?: number } = {},
): Promise<readonly RunRecord[]> {
  const schema = options.schema ?? DEFAULT_JOURNAL_SCHEMA;
  const s = await existingJournal(db, schema);
  if (!s) return [];
  const { rows } = await db.query(
    `SELECT id, kind, environment, started_by, host, git_commit, ci_url, tool_version, target_version,
            plan_hash, started_at, finished_at, outcome, error
       FROM ${s}.runs
      WHERE $1::text IS NULL OR environment = $1
      ORDER BY started_at DESC, id
      LIMIT $2`,
    [options.environment ?? null, options.limit ?? 20],
  );
  const runs = rows.map(toRun);
  const liveness = new Map<string, boolean>();
  for (const run of runs) {
    if (run.outcome === 'running' && !liveness.has(run.environment)) {
      liveness.set(run.environment, await isApplyLockHeld(db, schema, run.environment));
    }
  }
  return runs.map((run) =>
    run.outcome === 'running' && liveness.get(run.environment) === false
      ? { ...run, outcome: 'crashed' }
      : run,
  );
}

/** The steps of one run in plan order. */
export async function listSteps(
  db: Queryable,
  runId: string,
  options: JournalReadOptions = {},
): Promise<readonly StepRecord[]> {
  const s = await existingJournal(db, options.schema);
  if (!s) return [];
  const { rows } = await db.query(
    `SELECT run_id, step_id, position, kind, endpoint, summary, statement, status, started_at, finished_at,
            note, error
       FROM ${s}.steps WHERE run_id = $1 ORDER BY position`,
    [runId],
  );
  return rows.map(toStep);
}

/**
 * The steps the environment's latest run started and never finished (`intent` or `stopped`), when
 * that run did not succeed: what a crash or a cut-off connection left in flight. Empty otherwise.
 */
export async function readInterruptedSteps(
  db: Queryable,
  environment: string,
  options: JournalReadOptions = {},
): Promise<ReadonlySet<string>> {
  const s = await existingJournal(db, options.schema);
  if (!s) return new Set();
  const { rows } = await db.query(
    `WITH latest AS (
       SELECT r.id, r.outcome FROM ${s}.runs r
        WHERE r.environment = $1 AND EXISTS (SELECT 1 FROM ${s}.steps s WHERE s.run_id = r.id)
        ORDER BY r.started_at DESC LIMIT 1)
     SELECT s.step_id FROM ${s}.steps s JOIN latest l ON l.id = s.run_id
      WHERE l.outcome <> 'succeeded' AND s.status IN ('intent', 'stopped')`,
    [environment],
  );
  return new Set(rows.map((r) => String(r.step_id)));
}

/** The changeset versions applied to an environment, with the checksum each had when applied. */
export async function readAppliedChangesets(
  db: Queryable,
  environment: string,
  options: JournalReadOptions = {},
): Promise<readonly AppliedChangeset[]> {
  const s = await existingJournal(db, options.schema);
  if (!s) return [];
  const { rows } = await db.query(
    `SELECT version, checksum, applied_at, run_id FROM ${s}.applied_changesets
      WHERE environment = $1 ORDER BY version`,
    [environment],
  );
  return rows.map((r) => ({
    version: Number(r.version),
    checksum: String(r.checksum),
    appliedAt: r.applied_at as Date,
    runId: String(r.run_id),
  }));
}

/** Who holds (or last held, if it crashed) the apply lock of an environment, for display. */
export async function readLockHolder(
  db: Queryable,
  environment: string,
  options: JournalReadOptions = {},
): Promise<LockHolder | undefined> {
  const s = await existingJournal(db, options.schema);
  if (!s) return undefined;
  const { rows } = await db.query(
    `SELECT run_id, started_by, host, ci_url, since FROM ${s}.lock_holder
      WHERE environment = $1`,
    [environment],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    runId: String(r.run_id),
    startedBy: String(r.started_by),
    host: String(r.host),
    ciUrl: nullableString(r.ci_url),
    since: r.since as Date,
  };
}

/** The quoted journal schema, or undefined when no journal was created there yet. */
async function existingJournal(db: Queryable, schema = DEFAULT_JOURNAL_SCHEMA): Promise<string | undefined> {
  return (await journalVersion(db, schema)) === 0 ? undefined : quoteIdent(schema);
}

function toRun(r: Record<string, unknown>): RunRecord {
  return {
    id: String(r.id),
    kind: r.kind as RunRecord['kind'],
    environment: String(r.environment),
    startedBy: String(r.started_by),
    host: String(r.host),
    gitCommit: nullableString(r.git_commit),
    ciUrl: nullableString(r.ci_url),
    toolVersion: String(r.tool_version),
    targetVersion: Number(r.target_version),
    planHash: String(r.plan_hash),
    startedAt: r.started_at as Date,
    finishedAt: (r.finished_at as Date | null) ?? null,
    outcome: r.outcome as RunOutcome,
    error: nullableString(r.error),
  };
}

function toStep(r: Record<string, unknown>): StepRecord {
  return {
    runId: String(r.run_id),
    stepId: String(r.step_id),
    position: Number(r.position),
    kind: String(r.kind),
    endpoint: String(r.endpoint),
    summary: String(r.summary),
    statement: nullableString(r.statement),
    status: r.status as StepStatus,
    startedAt: r.started_at as Date,
    finishedAt: (r.finished_at as Date | null) ?? null,
    note: nullableString(r.note),
    error: nullableString(r.error),
  };
}

function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
