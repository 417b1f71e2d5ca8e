import { expect } from 'vitest';
import { SAMPLE_ROW_COUNTS } from '../../../src/local/sample-schema.js';
import { withClient } from '../../../src/local/with-client.js';
import { quoteLiteral } from '../../../src/sql/quote.js';
import { eventually, type TestLocalEnv, withDatabase } from '../../support/local-env.js';

const TABLES = ['public.users', 'public."Customer Notes"'] as const;

/**
 * The seed runbook by hand, in SQL, on a fresh local environment: switch the source to logical and
 * restart it, create the replicator role and a publication there, then — as the RDS master login,
 * which is no superuser on 16+ — the target database, its tables and the subscription. Asserts that
 * the initial copy completes (every table in state `r`), that a new row streams over, and that the
 * subscription's worker runs.
 */
export async function replicateByHand(local: TestLocalEnv): Promise<void> {
  await withClient(local.sourceUrl, (c) => c.query('ALTER SYSTEM SET wal_level = logical'));
  await local.environment.source.restart();
  await withClient(local.sourceUrl, async (c) => {
    expect((await c.query('SHOW wal_level')).rows[0].wal_level).toBe('logical');
    await c.query(
      `CREATE ROLE replicator LOGIN REPLICATION PASSWORD ${quoteLiteral(local.replicatorPassword)}`,
    );
    await c.query(`GRANT SELECT ON ${TABLES.join(', ')} TO replicator`);
    await c.query(`CREATE PUBLICATION local_pub FOR TABLE ${TABLES.join(', ')}`);
  });

  const targetApp = withDatabase(local.targetUrl, 'app');
  await withClient(local.targetUrl, (c) => c.query('CREATE DATABASE app'));
  await withClient(targetApp, async (c) => {
    await c.query(
      `CREATE TABLE public.users (id bigint PRIMARY KEY, email text, name text, created_at timestamptz)`,
    );
    await c.query(`CREATE TABLE public."Customer Notes" (id bigint PRIMARY KEY, "Note Text" text)`);
    const conninfo = `host=127.0.0.1 port=${local.sourcePort} dbname=app user=replicator password=${local.replicatorPassword}`;
    await c.query(`CREATE SUBSCRIPTION local_sub CONNECTION ${quoteLiteral(conninfo)} PUBLICATION local_pub`);
  });

  await withClient(targetApp, async (c) => {
    await eventually('the initial copy (srsubstate r for every table)', async () => {
      const { rows } = await c.query(
        `SELECT count(*) FILTER (WHERE r.srsubstate = 'r')::int AS ready, count(*)::int AS total
           FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid
          WHERE s.subname = 'local_sub'`,
      );
      return rows[0].total === TABLES.length && rows[0].ready === TABLES.length;
    });
    for (const table of TABLES) {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect(rows[0].n, table).toBe(SAMPLE_ROW_COUNTS[table]);
    }
    const owner = await c.query(
      `SELECT r.rolname, r.rolsuper FROM pg_subscription s JOIN pg_roles r ON r.oid = s.subowner
        WHERE s.subname = 'local_sub'`,
    );
    expect(owner.rows[0]).toEqual({ rolname: 'postgres', rolsuper: local.pgVersion < 16 });
  });

  await withClient(local.sourceUrl, (c) =>
    c.query(`INSERT INTO public."Customer Notes" (id, "Note Text") VALUES (100001, 'streamed')`),
  );
  await withClient(targetApp, async (c) => {
    await eventually('the new row on the target', async () => {
      const { rows } = await c.query(
        `SELECT "Note Text" AS t FROM public."Customer Notes" WHERE id = 100001`,
      );
      return rows[0]?.t === 'streamed';
    });
    const stat = await c.query(
      `SELECT pid, received_lsn FROM pg_stat_subscription WHERE subname = 'local_sub' AND relid IS NULL`,
    );
    expect(stat.rows).toHaveLength(1);
    expect(stat.rows[0].pid).not.toBeNull();
    expect(stat.rows[0].received_lsn).not.toBeNull();
  });
  await withClient(local.sourceUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT state FROM pg_stat_replication WHERE application_name = 'local_sub'`,
    );
    expect(rows.map((r) => r.state)).toEqual(['streaming']);
  });
}
