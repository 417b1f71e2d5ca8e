import {
  CreateDBParameterGroupCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RDSClient,
  RebootDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ROW_COUNTS } from '../../../src/local/sample-schema.js';
import { withClient } from '../../../src/local/with-client.js';
import { eventually, startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';
import { replicateByHand } from './logical-replication.js';

/** SQLSTATE insufficient_privilege. */
const DENIED = '42501';

async function sqlState(url: string, sql: string): Promise<string | undefined> {
  return withClient(url, (c) =>
    c.query(sql).then(
      () => undefined,
      (error: { code?: string }) => error.code ?? 'no code',
    ),
  );
}

describe('the local environment (PostgreSQL 17, the default)', () => {
  let local: TestLocalEnv;
  beforeAll(async () => {
    local = await startLocalEnv();
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('has a source configured like a fresh self-managed server, with the sample database', async () => {
    expect(local.pgVersion).toBe(17);
    await withClient(local.sourceUrl, async (c) => {
      const settings = await c.query(
        `SELECT current_setting('wal_level') AS wal_level, current_setting('listen_addresses') AS listen,
                current_setting('server_version_num')::int / 10000 AS major`,
      );
      expect(settings.rows[0]).toEqual({ wal_level: 'replica', listen: '127.0.0.1', major: 17 });
      for (const [table, rows] of Object.entries(SAMPLE_ROW_COUNTS)) {
        const { rows: r } = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
        expect(r[0].n, table).toBe(rows);
      }
      const noKey = await c.query(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r'
            AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)`,
      );
      expect(noKey.rows.map((r) => r.relname)).toEqual(['audit_log']);
      // The plan creates these; the environment must not.
      const made = await c.query(
        `SELECT (SELECT count(*)::int FROM pg_roles WHERE rolname = 'replicator') AS roles,
                (SELECT count(*)::int FROM pg_publication) AS publications`,
      );
      expect(made.rows[0]).toEqual({ roles: 0, publications: 0 });
      const hba = await c.query(
        `SELECT database, user_name, address, auth_method FROM pg_hba_file_rules WHERE error IS NULL ORDER BY line_number`,
      );
      expect(hba.rows).toContainEqual({
        database: ['app'],
        user_name: ['replicator'],
        address: '127.0.0.1',
        auth_method: 'scram-sha-256',
      });
    });
  });

  it('has a target with only the default databases and a master login that is no superuser', async () => {
    await withClient(local.targetUrl, async (c) => {
      const dbs = await c.query('SELECT datname FROM pg_database ORDER BY datname');
      expect(dbs.rows.map((r) => r.datname)).toEqual(['postgres', 'template0', 'template1']);
      const me = await c.query(
        `SELECT rolsuper, rolcreatedb, rolcreaterole,
                pg_has_role('rds_superuser', 'USAGE') AS rds_superuser,
                pg_has_role('pg_create_subscription', 'USAGE') AS create_subscription,
                has_database_privilege(current_database(), 'CREATE') AS create_on_db
           FROM pg_roles WHERE rolname = current_user`,
      );
      expect(me.rows[0]).toEqual({
        rolsuper: false,
        rolcreatedb: true,
        rolcreaterole: true,
        rds_superuser: true,
        create_subscription: true,
        create_on_db: true,
      });
    });
    expect(await sqlState(local.targetUrl, `ALTER SYSTEM SET work_mem = '8MB'`)).toBe(DENIED);
    expect(await sqlState(local.targetUrl, `COPY (SELECT 1) TO PROGRAM 'true'`)).toBe(DENIED);
    expect(await sqlState(local.targetUrl, `SELECT pg_read_file('postgresql.conf')`)).toBe(DENIED);
    expect(await sqlState(local.targetUrl, 'CREATE DATABASE made_by_master')).toBeUndefined();
    await withClient(local.targetAdminUrl(), async (c) => {
      const { rows } = await c.query(
        `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'made_by_master'`,
      );
      expect(rows).toEqual([{ owner: 'postgres' }]);
      await c.query('DROP DATABASE made_by_master');
    });
  });

  it("serves the RDS API from its daemon: a reboot restarts the target with the group's values", async () => {
    const rds = new RDSClient({
      endpoint: local.rdsEndpointUrl,
      region: local.env.AWS_REGION!,
      credentials: {
        accessKeyId: local.env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: local.env.AWS_SECRET_ACCESS_KEY!,
      },
    });
    try {
      const instance = async () =>
        (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'reporting-replica' })))
          .DBInstances![0]!;
      const group = 'logical-replication-pg';
      await rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: group,
          DBParameterGroupFamily: 'postgres17',
          Description: 'local test',
        }),
      );
      await rds.send(
        new ModifyDBParameterGroupCommand({
          DBParameterGroupName: group,
          Parameters: [
            { ParameterName: 'rds.logical_replication', ParameterValue: '1', ApplyMethod: 'pending-reboot' },
          ],
        }),
      );
      await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'reporting-replica',
          DBParameterGroupName: group,
          ApplyImmediately: true,
        }),
      );
      await eventually('pending-reboot', async () => {
        const i = await instance();
        return (
          i.DBInstanceStatus === 'available' &&
          i.DBParameterGroups?.[0]?.ParameterApplyStatus === 'pending-reboot'
        );
      });
      const before = await local.environment.target.status();
      await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'reporting-replica' }));
      await eventually('the reboot', async () => {
        const i = await instance();
        return (
          i.DBInstanceStatus === 'available' && i.DBParameterGroups?.[0]?.ParameterApplyStatus === 'in-sync'
        );
      });
      const after = await local.environment.target.status();
      expect(after.running).toBe(true);
      expect(after.pid).not.toBe(before.pid);
      await withClient(local.targetUrl, async (c) => {
        expect((await c.query('SHOW wal_level')).rows[0].wal_level).toBe('logical');
      });
    } finally {
      rds.destroy();
    }
  });

  it('replicates for real once the source is switched to logical by hand', async () => {
    await replicateByHand(local);
  });
});
