import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isCutOffByRestart } from '../../../src/apply/apply-lock.js';
import { openApplySession } from '../../../src/apply/apply-session.js';
import { type Clock, systemClock } from '../../../src/apply/clock.js';
import type { DbClient } from '../../../src/apply/db-client.js';
import { JOURNAL_SCHEMA_VERSION } from '../../../src/apply/journal-migrations.js';
import { readLockHolder } from '../../../src/apply/journal-queries.js';
import { journalVersion, migrateJournal } from '../../../src/apply/journal-schema.js';
import { withClient } from '../../../src/local/with-client.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

/** A run's hold on the journal database (openApplySession) across that database's restarts. */

let local: TestLocalEnv;

beforeAll(async () => {
  local = await startLocalEnv();
});
afterAll(async () => {
  await local?.stop();
});

/** A journal client whose session the server ends just before the first `CREATE TABLE IF NOT EXISTS`. */
/** A journal client as apply opens one: errors of a lost session come back through its queries. */
async function openClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function connectTerminatingOnce(url: string, state: { terminated: number }): () => Promise<DbClient> {
  return async () => {
    const client = await openClient(url);
    return {
      query: async (text: string, values?: unknown[]) => {
        if (state.terminated === 0 && text.includes('CREATE TABLE IF NOT EXISTS')) {
          state.terminated++;
          const pid = (client as unknown as { processID: number }).processID;
          await withClient(url, (admin) => admin.query('SELECT pg_terminate_backend($1)', [pid]));
        }
        return client.query(text, values);
      },
      end: () => client.end(),
      on: (event: 'error' | 'end', listener: (error: Error) => void) => client.on(event, listener),
    } as DbClient;
  };
}

/**
 * The journal is created in one transaction on the run's reconnecting journal connection. When the
 * server ends that session in the middle (a restart, a failover), the reconnect must run the whole
 * migration again: retrying only the statement that failed would run it outside the transaction the
 * server rolled back, after the CREATE SCHEMA before it was lost.
 */
it('creates the journal in full when its session is ended in the middle of the migration', async () => {
  const schema = 'journal_reconnect';
  const state = { terminated: 0 };
  const notices: string[] = [];
  const session = await openApplySession(connectTerminatingOnce(local.targetUrl, state), {
    environment: 'reconnect',
    journalSchema: schema,
    lockTimeoutMs: 5_000,
    journalReconnectTimeoutMs: 30_000,
    metadata: { startedBy: 'test', host: 'h' },
    clock: systemClock,
    report: (event) => {
      if (event.kind === 'notice') notices.push(event.message);
    },
  });
  try {
    await session.ensureJournal();
  } finally {
    await session.close();
  }
  expect(state.terminated).toBe(1);
  expect(notices.join('\n')).toMatch(/journal database unreachable .*; retrying/);
  await withClient(local.targetUrl, async (c) => {
    expect(await journalVersion(c, schema)).toBe(JOURNAL_SCHEMA_VERSION);
    const versions = await c.query(`SELECT version FROM ${schema}.schema_version ORDER BY version`);
    expect(versions.rows.map((r) => r.version)).toEqual(
      Array.from({ length: JOURNAL_SCHEMA_VERSION }, (_, i) => i + 1),
    );
    const runs = await c.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${schema}.runs`]);
    expect(runs.rows[0].present).toBe(true);
  });
});

/**
 * A run that held the lock when the journal database restarted is given a grace period to take it
 * back (isCutOffByRestart): the server's start time against the holder row's `since`. Both must be
 * the server's times; a client clock an hour ahead made the restart look older than the run.
 */
it('judges a holder cut off by a restart on the server clock, whatever the client clock says', async () => {
  const schema = 'journal_skewed';
  await withClient(local.targetUrl, (c) => migrateJournal(c, schema));
  const anHourAhead: Clock = { ...systemClock, now: () => Date.now() + 3_600_000 };
  const session = await openApplySession(
    async () => (await openClient(local.targetUrl)) as unknown as DbClient,
    {
      environment: 'skewed',
      journalSchema: schema,
      lockTimeoutMs: 5_000,
      journalReconnectTimeoutMs: 60_000,
      metadata: { startedBy: 'test', host: 'h' },
      clock: anHourAhead,
      report: () => undefined,
    },
  );
  try {
    await withClient(local.targetUrl, async (c) => {
      const holder = await readLockHolder(c, 'skewed', { schema });
      const { rows } = await c.query('SELECT now() AS now');
      expect(Math.abs(holder!.since.getTime() - (rows[0].now as Date).getTime())).toBeLessThan(10_000);
      await c.query(
        `INSERT INTO ${schema}.runs (id, kind, environment, started_by, host, tool_version, target_version,
                                    plan_hash, started_at, outcome)
         VALUES ($1, 'apply', 'skewed', 'test', 'h', '0', 1, 'x', now(), 'running')`,
        [session.runId],
      );
    });
    await local.environment.target.restart();
    await withClient(local.targetUrl, async (c) => {
      const holder = await readLockHolder(c, 'skewed', { schema });
      expect(holder?.runId).toBe(session.runId);
      expect(await isCutOffByRestart(c, schema, holder)).toBe(true);
    });
  } finally {
    await session.close();
  }
});
