import { quoteIdent } from '../sql/quote.js';
import type { JournalConnection } from './journal-connection.js';
import type { RunKind, RunOutcome, StepRecord, StepStatus } from './journal-records.js';
import type { Redactor } from './redactor.js';
import type { RunMetadata } from './run-metadata.js';

/** One step's journal row as the engine writes it (text fields are scrubbed by the Journal). */
export type StepRow = Omit<StepRecord, 'runId'>;

export interface NewRun {
  readonly kind: RunKind;
  readonly environment: string;
  readonly metadata: RunMetadata;
  readonly toolVersion: string;
  readonly targetVersion: number;
  readonly planHash: string;
  readonly startedAt: Date;
}

const MAX_TEXT = 8000;

/**
 * Writes one run's journal (design §5) through the run's journal connection. Every text that goes in
 * passes the redactor first, so no resolved secret reaches the table.
 */
export class Journal {
  readonly #s: string;

  constructor(
    readonly db: JournalConnection,
    readonly schema: string,
    readonly runId: string,
    readonly redactor: Redactor,
  ) {
    this.#s = quoteIdent(schema);
  }

  async startRun(run: NewRun): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.#s}.runs (id, kind, environment, started_by, host, git_commit, ci_url, tool_version,
                                   target_version, plan_hash, started_at, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'running')
       ON CONFLICT (id) DO NOTHING`,
      [
        this.runId,
        run.kind,
        run.environment,
        run.metadata.startedBy,
        run.metadata.host,
        run.metadata.gitCommit ?? null,
        run.metadata.ciUrl ?? null,
        run.toolVersion,
        run.targetVersion,
        run.planHash,
        run.startedAt,
      ],
    );
  }

  /** Runs of the environment still marked running: with the lock held, their processes are gone. */
  async markCrashedRuns(environment: string): Promise<readonly string[]> {
    const { rows } = await this.db.query(
      `UPDATE ${this.#s}.runs SET outcome = 'crashed'
        WHERE environment = $1 AND outcome = 'running' AND id <> $2 RETURNING id`,
      [environment, this.runId],
    );
    return rows.map((r) => String(r.id));
  }

  /**
   * Steps left in flight (`intent`, `stopped`) by the environment's previous run that ran steps, if
   * it did not succeed: what the engine must not blindly repeat (a reboot requested, a restart run).
   * Runs refused before their first step do not hide the one before them.
   */
  async previousRunInFlight(environment: string): Promise<ReadonlyMap<string, StepStatus>> {
    const { rows } = await this.db.query(
      `WITH previous AS (
         SELECT r.id, r.outcome FROM ${this.#s}.runs r
          WHERE r.environment = $1 AND r.id <> $2
            AND EXISTS (SELECT 1 FROM ${this.#s}.steps s WHERE s.run_id = r.id)
          ORDER BY r.started_at DESC LIMIT 1)
       SELECT s.step_id, s.status FROM ${this.#s}.steps s JOIN previous p ON p.id = s.run_id
        WHERE p.outcome <> 'succeeded' AND s.status IN ('intent', 'stopped')`,
      [environment, this.runId],
    );
    return new Map(rows.map((r) => [String(r.step_id), r.status as StepStatus]));
  }

  /**
   * `since` is the server's time: isCutOffByRestart compares it with the server's start time, and
   * the client's clock may be off by any amount.
   */
  async writeLockHolder(environment: string, metadata: RunMetadata): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.#s}.lock_holder (environment, run_id, started_by, host, ci_url, since)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (environment) DO UPDATE SET run_id = excluded.run_id, started_by = excluded.started_by,
         host = excluded.host, ci_url = excluded.ci_url, since = excluded.since`,
      [environment, this.runId, metadata.startedBy, metadata.host, metadata.ciUrl ?? null],
    );
  }

  async clearLockHolder(environment: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.#s}.lock_holder WHERE environment = $1 AND run_id = $2`, [
      environment,
      this.runId,
    ]);
  }

  async recordSteps(rows: readonly StepRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { text, values } = this.stepRowsQuery(rows);
    await this.db.query(text, values);
  }

  /**
   * The upsert for step rows, to run on the journal connection or, when a batch's database holds the
   * journal, inside the batch's own transaction. Keeps the first `started_at` of a step.
   */
  stepRowsQuery(rows: readonly StepRow[]): { readonly text: string; readonly values: unknown[] } {
    const text = (value: string | null) => (value === null ? null : this.scrub(value));
    return {
      text: `INSERT INTO ${this.#s}.steps (run_id, step_id, position, kind, endpoint, summary, statement, status,
                                          started_at, finished_at, note, error)
             SELECT $1::uuid, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
                                            $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[])
             ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status,
               finished_at = excluded.finished_at, note = excluded.note, error = excluded.error`,
      values: [
        this.runId,
        rows.map((r) => r.stepId),
        rows.map((r) => r.position),
        rows.map((r) => r.kind),
        rows.map((r) => r.endpoint),
        rows.map((r) => text(r.summary)),
        rows.map((r) => text(r.statement)),
        rows.map((r) => r.status),
        rows.map((r) => r.startedAt),
        rows.map((r) => r.finishedAt),
        rows.map((r) => text(r.note)),
        rows.map((r) => text(r.error)),
      ],
    };
  }

  async finishRun(outcome: Exclude<RunOutcome, 'running' | 'crashed'>, finishedAt: Date, error?: string) {
    await this.db.query(
      `UPDATE ${this.#s}.runs SET outcome = $2, finished_at = $3, error = $4 WHERE id = $1`,
      [this.runId, outcome, finishedAt, error === undefined ? null : this.scrub(error)],
    );
  }

  /**
   * After a successful apply to version K: every version up to K is applied with its checksum (an
   * overridden mismatch takes the new checksum). After a rollback to K: versions above K are not.
   */
  async recordChangesets(
    kind: RunKind,
    environment: string,
    targetVersion: number,
    checksums: Readonly<Record<string, string>>,
    at: Date,
  ): Promise<void> {
    if (kind === 'rollback') {
      await this.db.query(
        `DELETE FROM ${this.#s}.applied_changesets WHERE environment = $1 AND version > $2`,
        [environment, targetVersion],
      );
    }
    const entries = Object.entries(checksums)
      .map(([version, checksum]) => [Number(version), checksum] as const)
      .filter(([version]) => Number.isInteger(version) && version <= targetVersion);
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO ${this.#s}.applied_changesets (environment, version, checksum, applied_at, run_id)
       SELECT $1, v, c, $4, $5 FROM unnest($2::int[], $3::text[]) AS u (v, c)
       ON CONFLICT (environment, version) DO UPDATE SET checksum = excluded.checksum,
         applied_at = excluded.applied_at, run_id = excluded.run_id
         WHERE ${this.#s}.applied_changesets.checksum <> excluded.checksum`,
      [environment, entries.map(([v]) => v), entries.map(([, c]) => c), at, this.runId],
    );
  }

  scrub(text: string): string {
    const scrubbed = this.redactor.scrub(text);
    return scrubbed.length > MAX_TEXT ? `${scrubbed.slice(0, MAX_TEXT)}… (truncated)` : scrubbed;
  }
}
