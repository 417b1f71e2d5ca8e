import pg from 'pg';
import { quoteIdent } from '../../../src/sql/quote.js';

/** Where a run was when it was killed, relative to the step the kill was aimed at. */
export type KillLanding =
  /** The step was still running (a restart, a reboot, a wait, or a slow statement). */
  | 'during-step'
  /** The step's work was done (committed, requested) but its journal row still said `intent`. */
  | 'after-step-work'
  /** The step was done and journaled; the run was about to journal what came next. */
  | 'after-step-journaled';

/** The run the gate caught at a step. */
export interface CaughtRun {
  readonly runId: string;
  readonly stepId: string;
  readonly landing: KillLanding;
}

/** The gate's own objects in the journal database, apart from replctl's. */
const GATE = 'replctl_test_gate';
/** The advisory lock (two-int form, apart from replctl's bigint keys) a held journal write waits for. */
const LOCK = { classid: 2026_1127, objid: 9 } as const;

/**
 * Pins a SIGKILL to a step. Most steps take milliseconds, less than it takes to see a progress line
 * and send a signal, so a kill sent on a step's line alone lands at some later step. The gate is a
 * trigger on the journal's tables (runs, steps, applied_changesets), in the database that holds the
 * journal: aimed at a set of steps, it lets the run journal the first of them that it starts (its
 * `intent` row), then makes every later journal write of the run wait for a lock the gate holds.
 * The run goes on with the step and stops at its next journal write (the step's `done` row, or what
 * follows), so a kill lands while the step runs or right after its work, and never later. A crash
 * there is one the real world has too: a process that dies with a query sent; the server finishes
 * that query once the gate lets go.
 */
export class JournalGate {
  readonly #journal: string;
  #client: pg.Client | undefined;
  #locked = false;

  /** `journalUrl`: the database holding the journal (the target URL's), as a superuser. */
  constructor(
    private readonly journalUrl: string,
    journalSchema = 'replctl',
  ) {
    this.#journal = quoteIdent(journalSchema);
  }

  /**
   * Aims at the first of `steps` (or of all) that a run starts: the run `runId` (already started),
   * or else the next run to start. Returns false, aiming at nothing, while the journal does not
   * exist yet (the first run creates it: aim at that run once it has said its id).
   */
  async aim(steps: readonly string[] | 'any', runId?: string): Promise<boolean> {
    const aimed = steps === 'any' ? null : steps;
    return this.retrying(async (client) => {
      if (!(await this.install(client))) return false;
      if (!this.#locked) {
        await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK.classid, LOCK.objid]);
        this.#locked = true;
      }
      await client.query('BEGIN');
      try {
        // No journal write slips between the look at what the run journaled and the aim.
        await client.query(`LOCK TABLE ${this.#journal}.steps IN SHARE MODE`);
        const { rows } =
          runId === undefined
            ? { rows: [] }
            : await client.query<{ step_id: string }>(
                `SELECT step_id FROM ${this.#journal}.steps
                  WHERE run_id = $1 AND ($2::text[] IS NULL OR step_id = ANY ($2))
                    AND status IN ('intent', 'done')
                  ORDER BY position DESC LIMIT 1`,
                [runId, aimed],
              );
        await client.query(`DELETE FROM ${GATE}.aim`);
        // Already started: armed at once (0 is no transaction's id, so every later write waits).
        await client.query(
          `INSERT INTO ${GATE}.aim (run_id, steps, armed_xact, armed_step) VALUES ($1, $2, $3, $4)`,
          [runId ?? null, aimed, rows[0] ? 0 : null, rows[0]?.step_id ?? null],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return true;
    });
  }

  /**
   * Waits until the aimed run has started one of the steps, gives a long step `graceMs` to show it is
   * still running, and says where the run is. Undefined when `ended()` says the run ended first.
   */
  async caught(ended: () => boolean, graceMs = 250): Promise<CaughtRun | undefined> {
    const deadline = Date.now() + 600_000;
    for (;;) {
      const armed = await this.retrying(async (client) => {
        const { rows } = await client.query<{ run_id: string; armed_step: string | null }>(
          `SELECT run_id, armed_step FROM ${GATE}.aim`,
        );
        return rows[0]?.armed_step ? { runId: rows[0].run_id, stepId: rows[0].armed_step } : undefined;
      });
      if (armed) {
        const until = Date.now() + graceMs;
        while (Date.now() < until && !(await this.retrying((c) => this.blocked(c)))) await pause(10);
        return { ...armed, landing: await this.landing(armed.runId, armed.stepId) };
      }
      if (ended()) return undefined;
      if (Date.now() > deadline)
        throw new Error('the aimed run started none of the aimed steps in 10 minutes');
      await pause(10);
    }
  }

  /** Aims at nothing and lets the held journal write through. */
  async release(): Promise<void> {
    await this.retrying(async (client) => {
      await client.query(`DELETE FROM ${GATE}.aim`);
      if (this.#locked) await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK.classid, LOCK.objid]);
      this.#locked = false;
    });
  }

  /** Removes the trigger and closes the connection. */
  async close(): Promise<void> {
    const client = this.#client;
    if (client) {
      await client.query(`DROP SCHEMA IF EXISTS ${GATE} CASCADE`).catch(() => undefined);
    }
    await this.drop();
  }

  private async landing(runId: string, stepId: string): Promise<KillLanding> {
    return this.retrying(async (client) => {
      const { rows } = await client.query<{ status: string }>(
        `SELECT status FROM ${this.#journal}.steps WHERE run_id = $1 AND step_id = $2`,
        [runId, stepId],
      );
      if (rows[0]?.status !== 'intent') return 'after-step-journaled';
      return (await this.blocked(client)) ? 'after-step-work' : 'during-step';
    });
  }

  /** Whether a journal write waits at the gate. */
  private async blocked(client: pg.Client): Promise<boolean> {
    const { rows } = await client.query<{ waiting: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks
                       WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2
                         AND NOT granted) AS waiting`,
      [LOCK.classid, LOCK.objid],
    );
    return rows[0]!.waiting;
  }

  /** Creates the gate's table, function and triggers once the journal exists; false before. */
  private async install(client: pg.Client): Promise<boolean> {
    const { rows } = await client.query<{ present: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present`,
      [`${this.#journal}.steps`, `${GATE}.aim`],
    );
    if (rows[0]!.present) return true;
    const journalExists = await client.query(`SELECT to_regclass($1) AS steps`, [`${this.#journal}.steps`]);
    if (journalExists.rows[0].steps === null) return false;
    const j = this.#journal;
    await client.query(`
      CREATE SCHEMA ${GATE};
      -- steps: the aimed step ids (NULL: any step).
      CREATE TABLE ${GATE}.aim (run_id uuid, steps text[], armed_xact bigint, armed_step text);
      -- Runs as its owner (a superuser): replctl's login cannot see the gate's schema.
      CREATE FUNCTION ${GATE}.on_journal_write() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $gate$
      DECLARE
        a ${GATE}.aim%ROWTYPE;
      BEGIN
        SELECT * INTO a FROM ${GATE}.aim LIMIT 1;
        IF NOT FOUND THEN
          RETURN NULL;
        END IF;
        IF a.armed_xact IS NOT NULL THEN
          IF a.armed_xact <> txid_current() THEN
            PERFORM pg_advisory_xact_lock_shared(${LOCK.classid}, ${LOCK.objid});
          END IF;
        ELSIF TG_TABLE_NAME = 'runs' THEN
          IF TG_OP = 'INSERT' AND a.run_id IS NULL THEN
            UPDATE ${GATE}.aim SET run_id = NEW.id;
          END IF;
        ELSIF TG_TABLE_NAME = 'steps' THEN
          IF NEW.run_id = a.run_id AND (a.steps IS NULL OR NEW.step_id = ANY (a.steps))
             AND NEW.status IN ('intent', 'done') THEN
            UPDATE ${GATE}.aim SET armed_xact = txid_current(), armed_step = NEW.step_id;
          END IF;
        END IF;
        RETURN NULL;
      END
      $gate$;
      CREATE TRIGGER replctl_test_gate AFTER INSERT OR UPDATE ON ${j}.runs
        FOR EACH ROW EXECUTE FUNCTION ${GATE}.on_journal_write();
      CREATE TRIGGER replctl_test_gate AFTER INSERT OR UPDATE ON ${j}.steps
        FOR EACH ROW EXECUTE FUNCTION ${GATE}.on_journal_write();
      CREATE TRIGGER replctl_test_gate AFTER INSERT OR UPDATE OR DELETE ON ${j}.applied_changesets
        FOR EACH ROW EXECUTE FUNCTION ${GATE}.on_journal_write();
    `);
    return true;
  }

  /**
   * Runs `work`, again on a new connection after an error: the journal's server restarts at the RDS
   * reboot step, ending the gate's session (and its lock, which a new session takes again).
   */
  private async retrying<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const deadline = Date.now() + 180_000;
    for (;;) {
      try {
        return await work(await this.client());
      } catch (error) {
        await this.drop();
        if (Date.now() > deadline) throw error;
        await pause(200);
      }
    }
  }

  private async client(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = new pg.Client({
      connectionString: this.journalUrl,
      application_name: 'replctl test gate',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      // A restart ended the session and its lock: hold it again, or the run would go past the step.
      if (this.#locked) await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK.classid, LOCK.objid]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    return client;
  }

  private async drop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
