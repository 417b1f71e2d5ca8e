import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IntrospectionScope, introspect } from '../../../src/introspect/index.js';
import { withClient } from '../../../src/local/with-client.js';
import { quoteLiteral } from '../../../src/sql/quote.js';
import { eventually, startLocalEnv, type TestLocalEnv, withDatabase } from '../../support/local-env.js';
import { Sessions } from './sessions.js';

/**
 * `n` tables in schema s<n> with a publication of them all, a role per ten tables with SELECT on
 * them, and (on the target) the same tables and a subscription: created in one DO block each.
 */
function sourceObjects(n: number): string {
  return `
DO $$
DECLARE
  tables text;
BEGIN
  EXECUTE format('CREATE SCHEMA %I', 's${n}');
  FOR i IN 1..${n} LOOP
    EXECUTE format('CREATE TABLE %I.%I (id integer PRIMARY KEY, v text)', 's${n}', 't' || i);
  END LOOP;
  FOR r IN 1..${n / 10} LOOP
    EXECUTE format('CREATE ROLE %I NOLOGIN', 'r${n}_' || r);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', 's${n}', 'r${n}_' || r);
    FOR i IN (r - 1) * 10 + 1..r * 10 LOOP
      EXECUTE format('GRANT SELECT ON %I.%I TO %I', 's${n}', 't' || i, 'r${n}_' || r);
    END LOOP;
  END LOOP;
  SELECT string_agg(format('%I.%I', 's${n}', 't' || i), ', ') INTO tables FROM generate_series(1, ${n}) AS i;
  EXECUTE format('CREATE PUBLICATION %I FOR TABLE ', 'pub${n}') || tables;
END $$`;
}

function targetObjects(n: number, sourcePort: number, password: string): readonly string[] {
  const conninfo = `host=127.0.0.1 port=${sourcePort} dbname=app user=replicator password=${password}`;
  return [
    `DO $$
     BEGIN
       EXECUTE format('CREATE SCHEMA %I', 's${n}');
       FOR i IN 1..${n} LOOP
         EXECUTE format('CREATE TABLE %I.%I (id integer PRIMARY KEY, v text)', 's${n}', 't' || i);
       END LOOP;
     END $$`,
    // copy_data off: every table is ready at once, and no SELECT on all of them is needed.
    `CREATE SUBSCRIPTION sub${n} CONNECTION ${quoteLiteral(conninfo)} PUBLICATION pub${n} WITH (copy_data = false)`,
  ];
}

function scopeOfSize(n: number): IntrospectionScope {
  const tables = Array.from({ length: n }, (_, i) => `s${n}.t${i + 1}`);
  return {
    tables,
    roles: Array.from({ length: n / 10 }, (_, r) => `r${n}_${r + 1}`),
    publications: [`pub${n}`],
    settings: [],
    subscriptions: [`sub${n}`],
    schemas: [`s${n}`],
    targetDatabase: 'app',
  };
}

describe('introspection query count', () => {
  let local: TestLocalEnv;
  const sessions = new Sessions();

  beforeAll(async () => {
    local = await startLocalEnv();
    await withClient(local.sourceUrl, (c) => c.query('ALTER SYSTEM SET wal_level = logical'));
    await local.environment.source.restart();
    // The source's pg_hba.conf lets the subscriptions in as replicator only.
    await withClient(local.sourceUrl, (c) =>
      c.query(`CREATE ROLE replicator LOGIN REPLICATION PASSWORD ${quoteLiteral(local.replicatorPassword)}`),
    );
    await withClient(local.targetUrl, (c) => c.query('CREATE DATABASE app'));
    for (const n of [10, 1000]) {
      await withClient(local.sourceUrl, (c) => c.query(sourceObjects(n)));
      await withClient(withDatabase(local.targetUrl, 'app'), async (c) => {
        for (const sql of targetObjects(n, local.sourcePort, local.replicatorPassword)) await c.query(sql);
        await eventually(`sub${n} ready`, async () => {
          const { rows } = await c.query(
            `SELECT count(*) FILTER (WHERE srsubstate = 'r')::int AS ready FROM pg_subscription_rel r
               JOIN pg_stat_subscription s ON s.subid = r.srsubid AND s.relid IS NULL
              WHERE s.subname = $1`,
            [`sub${n}`],
          );
          return rows[0].ready === n;
        });
      });
    }
  });
  afterEach(async () => {
    await sessions.close();
  });
  afterAll(async () => {
    await sessions.close();
    await local?.stop();
  });

  it('is the same for 10 and for 1,000 tables, roles per ten tables, grants and subscribed tables', async () => {
    const small = await introspect(
      await sessions.endpoints(local.sourceUrl, local.targetUrl),
      scopeOfSize(10),
    );
    await sessions.close();
    const large = await introspect(
      await sessions.endpoints(local.sourceUrl, local.targetUrl),
      scopeOfSize(1000),
    );

    // The large snapshot really holds 1,000 of everything, so the equal counts mean something.
    expect(Object.keys(large.live.source.tables)).toHaveLength(1000);
    expect(Object.keys(large.live.source.publications.pub1000?.tables ?? {})).toHaveLength(1000);
    expect(Object.keys(large.live.source.roles)).toHaveLength(100);
    const granted = Object.values(large.live.source.grants).flatMap((g) => g.select);
    expect(new Set(granted).size).toBe(1000);
    expect(Object.keys(large.live.target.tables)).toHaveLength(1000);
    const synced = Object.values(large.live.target.subscriptions.sub1000?.tables ?? {});
    expect(synced).toHaveLength(1000);
    expect(synced.every((t) => t.state === 'r')).toBe(true);
    expect(Object.keys(small.live.source.tables)).toHaveLength(10);

    expect(large.stats).toEqual(small.stats);
    expect(small.stats.queries).toEqual({ source: 11, target: 8, rds: 0 });
  });

  it('stays the same with the table catalog shared between two sessions per endpoint, as plan reads', async () => {
    const read = async (n: number) => {
      await sessions.close();
      return introspect(await sessions.sharedEndpoints(local.sourceUrl, local.targetUrl, 1), scopeOfSize(n));
    };
    const small = await read(10);
    const large = await read(1000);
    expect(Object.keys(large.live.source.tables)).toHaveLength(1000);
    expect(Object.keys(large.live.target.tables)).toHaveLength(1000);
    expect(large.stats).toEqual(small.stats);
    // One export per endpoint, and BEGIN + import, the share, COMMIT on its helper.
    expect(small.stats.queries).toEqual({ source: 15, target: 12, rds: 0 });
  });
});
