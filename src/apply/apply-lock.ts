import { ExitCode, ReplctlError } from '../errors.js';
import { quoteIdent } from '../sql/quote.js';
import { advisoryKey } from './advisory-key.js';
import type { Clock } from './clock.js';
import type { Queryable } from './db-client.js';
import type { LockHolder } from './journal-records.js';

/**
 * One apply per environment at a time (design §5): a session-level advisory lock in the journal
 * database, held by the run's dedicated journal connection. The server releases it when that
 * connection ends, so a killed process never leaves it behind.
 */
export function applyLockKey(schema: string, environment: string): string {
  return advisoryKey(`apply:${schema}:${environment}`);
}

export async function tryApplyLock(db: Queryable, schema: string, environment: string): Promise<boolean> {
  const { rows } = await db.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
    applyLockKey(schema, environment),
  ]);
  return rows[0]?.locked === true;
}

export async function releaseApplyLock(db: Queryable, schema: string, environment: string): Promise<void> {
  await db.query('SELECT pg_advisory_unlock($1::bigint)', [applyLockKey(schema, environment)]);
}

/** Whether any session holds the environment's lock (pg_locks splits a bigint key into two oids). */
export async function isApplyLockHeld(db: Queryable, schema: string, environment: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid = (($1::bigint >> 32) & 4294967295)::oid
          AND objid = ($1::bigint & 4294967295)::oid
     ) AS held`,
    [applyLockKey(schema, environment)],
  );
  return rows[0]?.held === true;
}

export interface AcquireLockOptions {
  readonly schema: string;
  readonly environment: string;
  /** How long to wait for a busy lock; 0 tries once. */
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly retryIntervalMs?: number;
  /** Who holds the lock now, for the wait message and the error (undefined when not recorded yet). */
  readonly readHolder: () => Promise<LockHolder | undefined>;
  /** Called once when the lock is busy and apply starts waiting. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
}

/** Takes the lock, waiting up to the timeout; throws ReplctlError exit 4 naming the holder. */
export async function acquireApplyLock(db: Queryable, options: AcquireLockOptions): Promise<void> {
  const { schema, environment, clock } = options;
  const deadline = clock.now() + options.timeoutMs;
  let waiting = false;
  for (;;) {
    if (await tryApplyLock(db, schema, environment)) return;
    const remaining = deadline - clock.now();
    if (remaining <= 0) break;
    if (!waiting) {
      waiting = true;
      options.onWait?.(await options.readHolder());
    }
    await clock.sleep(Math.min(options.retryIntervalMs ?? 500, remaining));
  }
  throw lockHeldError(environment, await options.readHolder(), options.timeoutMs);
}

/** Exit 4, naming the holder. */
export function lockHeldError(
  environment: string,
  holder: LockHolder | undefined,
  timeoutMs: number,
): ReplctlError {
  return new ReplctlError(
    `Another run holds the apply lock of environment ${environment}: ${describeHolder(holder)}. ` +
      `Gave up after ${Math.round(timeoutMs / 1000)}s (--lock-timeout); re-run apply when it has finished.`,
    ExitCode.lockHeld,
  );
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'a run that has not recorded itself yet';
  const ci = holder.ciUrl ? ` (${holder.ciUrl})` : '';
  return `run ${holder.runId} by ${holder.startedBy} on ${holder.host}${ci} since ${holder.since.toISOString()}`;
}

/**
 * How long after the journal database restarted a run that held the lock then keeps its claim: it
 * lost the lock with its session and is reconnecting to take it back (its journal connection
 * retries at once, with at most 8 s between tries). Past this, it is taken for dead (crashed).
 */
export const RECONNECT_GRACE_MS = 20_000;

/**
 * Whether `holder` (the lock holder row) is a run that the journal database's restart cut off: the
 * server restarted while it ran (its session, and with it the lock, ended) less than `graceMs` ago
 * and it is still `running`. It is most likely alive and about to re-take the lock, so a new run
 * must not start under it. Call with the lock held and the journal migrated.
 */
export async function isCutOffByRestart(
  db: Queryable,
  schema: string,
  holder: LockHolder | undefined,
  graceMs = RECONNECT_GRACE_MS,
): Promise<boolean> {
  if (!holder) return false;
  const { rows } = await db.query(
    `SELECT EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.runs WHERE id = $1 AND outcome = 'running')
            AND pg_postmaster_start_time() > $2::timestamptz
            AND now() - pg_postmaster_start_time() < make_interval(secs => $3::float8 / 1000) AS cut_off`,
    [holder.runId, holder.since, graceMs],
  );
  return rows[0]?.cut_off === true;
}
