import { randomUUID } from 'node:crypto';
import { ExitCode, ReplctlError } from '../errors.js';
import {
  acquireApplyLock,
  describeHolder,
  isCutOffByRestart,
  lockHeldError,
  releaseApplyLock,
  tryApplyLock,
} from './apply-lock.js';
import type { Clock } from './clock.js';
import type { DbClient } from './db-client.js';
import { Journal } from './journal.js';
import { JournalConnection } from './journal-connection.js';
import { readLockHolder } from './journal-queries.js';
import type { LockHolder } from './journal-records.js';
import { journalVersion, migrateJournal } from './journal-schema.js';
import type { ProgressEvent } from './progress.js';
import { Redactor } from './redactor.js';
import type { RunMetadata } from './run-metadata.js';
import { classifyStop } from './step-failure.js';

export interface ApplySessionOptions {
  readonly environment: string;
  readonly journalSchema: string;
  /** `--lock-timeout`: how long to wait for another run. */
  readonly lockTimeoutMs: number;
  /** How long journal writes retry while the journal database is unreachable. */
  readonly journalReconnectTimeoutMs: number;
  /** Who holds the lock, for the holder row that other runs show. */
  readonly metadata: RunMetadata;
  readonly clock: Clock;
  readonly report: (event: ProgressEvent) => void;
}

/**
 * One run's hold on an environment (design §5): the journal connection that holds the apply lock,
 * and the run id the lock holder row names. Taken before the live state is read, so a plan made
 * under it cannot be overtaken by another run's changes before it is applied.
 */
export interface ApplySession {
  readonly runId: string;
  readonly journal: JournalConnection;
  /**
   * Creates the journal if this environment has none yet and records this run as the holder.
   * Called before the first journal write: until then a run that refuses (lint, approval,
   * destructive steps) leaves the target exactly as it found it, journal schema included.
   */
  ensureJournal(): Promise<void>;
  /** Clears the holder row and ends the connection, which releases the lock. */
  close(): Promise<void>;
}

/**
 * Takes the environment's apply lock (waiting up to the lock timeout; exit 4 naming the holder),
 * brings an existing journal schema up to date and records this run as the holder (a new journal
 * waits for `ensureJournal`).
 */
export async function openApplySession(
  connectJournal: () => Promise<DbClient>,
  options: ApplySessionOptions,
): Promise<ApplySession> {
  const { environment, journalSchema: schema } = options;
  const runId = randomUUID();
  const journal = await openJournal(connectJournal, options).catch((error: unknown) => {
    if (error instanceof ReplctlError) throw error;
    const stop = classifyStop(error, (t) => t);
    throw new ReplctlError(
      `Could not open the journal database; nothing was changed: ${stop.message}` +
        (stop.outcome === 'stopped' ? '\nRe-run when it is reachable.' : ''),
      stop.exitCode,
    );
  });
  // Only the holder rows go through this Journal: nothing secret reaches them.
  const holderRows = new Journal(journal, schema, runId, new Redactor());
  let holderWritten = false;
  const writeHolder = async () => {
    await holderRows.writeLockHolder(environment, options.metadata);
    holderWritten = true;
  };
  try {
    // An existing journal names this run as the holder at once, for the runs that wait behind it.
    if ((await journalVersion(journal, schema)) > 0) await writeHolder();
  } catch (error) {
    await journal.close();
    throw error;
  }
  return {
    runId,
    journal,
    ensureJournal: async () => {
      if (holderWritten) return;
      // Repeatable from its start: it re-reads the version under its lock.
      await journal.transaction((db) => migrateJournal(db, schema));
      await writeHolder();
    },
    close: async () => {
      if (holderWritten) await holderRows.clearLockHolder(environment).catch(() => undefined);
      // Ending the session releases the advisory lock.
      await journal.close();
    },
  };
}

/**
 * The run's dedicated journal connection: takes the apply lock (waiting up to the lock timeout) and
 * brings an existing journal schema up to date on first connect; re-takes the lock after a reconnect.
 */
async function openJournal(
  connectJournal: () => Promise<DbClient>,
  options: ApplySessionOptions,
): Promise<JournalConnection> {
  const { environment, journalSchema: schema, clock, report } = options;
  // One deadline for the whole wait, however often the journal database restarts meanwhile.
  const lockDeadline = clock.now() + options.lockTimeoutMs;
  let first = true;
  let waitReported = false;
  const onWait = (holder: LockHolder | undefined) => {
    if (!waitReported) report({ kind: 'lock-wait', holder: describeHolder(holder) });
    waitReported = true;
  };
  const onConnected = async (db: DbClient) => {
    // A long wait leaves this session idle; a server-side idle_session_timeout (14+) must not end it.
    await db.query(
      `SELECT set_config('idle_session_timeout', '0', false)
        WHERE current_setting('server_version_num')::int >= 140000`,
    );
    if (first) {
      await takeApplyLock(db, options, lockDeadline, onWait);
      first = false;
    } else if (!(await tryApplyLock(db, schema, environment))) {
      throw new ReplctlError(
        `The apply lock of environment ${environment} was lost while the journal database was unreachable, ` +
          `and ${describeHolder(await readLockHolder(db, environment, { schema }))} holds it now.`,
        ExitCode.lockHeld,
      );
    }
  };
  return JournalConnection.open({
    connect: connectJournal,
    clock,
    reconnectTimeoutMs: options.journalReconnectTimeoutMs,
    // A journal database that is restarting (another run's reboot of the target) is waited for.
    openTimeoutMs: options.lockTimeoutMs + JOURNAL_STARTUP_GRACE_MS,
    onConnected,
    onUnavailable: (message) => report({ kind: 'notice', message }),
  });
}

/** How long a run waits at its start for the journal database to accept connections. */
const JOURNAL_STARTUP_GRACE_MS = 60_000;

/**
 * Takes the apply lock (waiting until `deadline`) and brings the journal schema up to date. A run
 * that held the lock when the journal database restarted keeps its claim for a grace period: it is
 * reconnecting to take the lock back, and a new run must not start beneath it.
 */
async function takeApplyLock(
  db: DbClient,
  options: ApplySessionOptions,
  deadline: number,
  onWait: (holder: LockHolder | undefined) => void,
): Promise<void> {
  const { environment, journalSchema: schema, clock } = options;
  const readHolder = () => readLockHolder(db, environment, { schema });
  for (;;) {
    await acquireApplyLock(db, {
      schema,
      environment,
      timeoutMs: Math.max(deadline - clock.now(), 0),
      clock,
      readHolder,
      onWait,
    });
    // An older journal is brought up to date; none at all is created only when a run writes to it.
    if ((await journalVersion(db, schema)) > 0) await migrateJournal(db, schema);
    const holder = await readHolder();
    if (!(await isCutOffByRestart(db, schema, holder))) return;
    await releaseApplyLock(db, schema, environment);
    if (clock.now() >= deadline) throw lockHeldError(environment, holder, options.lockTimeoutMs);
    onWait(holder);
    await clock.sleep(Math.min(1000, Math.max(deadline - clock.now(), 0)));
  }
}
