import { ReplctlError } from '../errors.js';
import { quoteIdent } from '../sql/quote.js';
import { advisoryKey } from './advisory-key.js';
import type { Queryable } from './db-client.js';
import { JOURNAL_SCHEMA_VERSION, journalMigrations } from './journal-migrations.js';

/** The journal schema's version, 0 when it has none yet. */
export async function journalVersion(db: Queryable, schema: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT to_regclass(quote_ident($1) || '.schema_version') IS NOT NULL AS present`,
    [schema],
  );
  if (rows[0]?.present !== true) return 0;
  const version = await db.query(`SELECT max(version) AS v FROM ${quoteIdent(schema)}.schema_version`);
  return Number(version.rows[0]?.v ?? 0);
}

/**
 * Creates the journal on first use and brings it to the current version, in one transaction under a
 * transaction-level advisory lock so concurrent first runs do not race (kysely's migrator does the
 * same). Returns the version. Refuses a journal newer than this replctl knows.
 */
export async function migrateJournal(db: Queryable, schema: string): Promise<number> {
  const current = await journalVersion(db, schema);
  assertNotNewer(current, schema);
  if (current === JOURNAL_SCHEMA_VERSION) return current;
  const s = quoteIdent(schema);
  await db.query('BEGIN');
  try {
    await db.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryKey(`journal-migrate:${schema}`)]);
    // CREATE SCHEMA IF NOT EXISTS still demands CREATE on the database; skip it when the schema exists.
    const exists = await db.query('SELECT to_regnamespace(quote_ident($1)) IS NOT NULL AS present', [schema]);
    if (exists.rows[0]?.present !== true) await db.query(`CREATE SCHEMA ${s}`);
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_version (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    // Another run may have migrated while this one waited for the lock.
    const locked = await journalVersion(db, schema);
    assertNotNewer(locked, schema);
    for (let version = locked + 1; version <= JOURNAL_SCHEMA_VERSION; version++) {
      await db.query(journalMigrations[version - 1]!(s));
      await db.query(`INSERT INTO ${s}.schema_version (version) VALUES ($1)`, [version]);
    }
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return JOURNAL_SCHEMA_VERSION;
}

function assertNotNewer(version: number, schema: string): void {
  if (version > JOURNAL_SCHEMA_VERSION) {
    throw new ReplctlError(
      `The journal in schema ${schema} is at version ${version}, newer than this replctl supports ` +
        `(${JOURNAL_SCHEMA_VERSION}). Upgrade replctl.`,
    );
  }
}

/** Where the journal lives unless the environment says otherwise (design §5). */
export const DEFAULT_JOURNAL_SCHEMA = 'replctl';
