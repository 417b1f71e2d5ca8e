import {
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
} from '@aws-sdk/client-rds';
import { withClient } from '../../src/local/with-client.js';
import { rdsClient } from '../integration/rds-endpoint/sdk-client.js';
import type { TestLocalEnv } from './local-env.js';

/**
 * Everything a plan or apply of the runbook could change, read as the superusers and through the
 * real RDS SDK, so a test can prove that a command changed nothing: two snapshots are equal.
 */
export interface WorldSnapshot {
  readonly source: {
    /** The runbook's settings, running and pending. */
    readonly settings: readonly unknown[];
    /** postgresql.auto.conf, as pg_file_settings reads it now (ALTER SYSTEM shows here before a reload). */
    readonly autoConf: readonly unknown[];
    readonly roles: readonly unknown[];
    /** ACLs of the database, its schemas and tables. */
    readonly acls: readonly unknown[];
    readonly publications: readonly unknown[];
    readonly slots: readonly unknown[];
  };
  readonly target: {
    readonly databases: readonly string[];
    /** Schemas of the database the target URL names (the journal's home). */
    readonly schemas: readonly string[];
    readonly subscriptions: readonly string[];
  };
  readonly rds: {
    readonly parameterGroups: readonly unknown[];
    readonly userParameters: readonly unknown[];
    readonly instances: readonly unknown[];
  };
}

// As bin/replctl.js does: the SDK's notice about its future Node versions is noise in test logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export async function snapshotWorld(local: TestLocalEnv): Promise<WorldSnapshot> {
  const [source, target, rds] = await Promise.all([
    snapshotSource(local),
    snapshotTarget(local),
    snapshotRds(local),
  ]);
  return { source, target, rds };
}

async function snapshotSource(local: TestLocalEnv): Promise<WorldSnapshot['source']> {
  return withClient(local.sourceAdminUrl('app'), async (c) => {
    const rows = async (sql: string) => (await c.query(sql)).rows;
    return {
      settings: await rows(
        `SELECT name, setting, pending_restart FROM pg_settings
          WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders') ORDER BY name`,
      ),
      autoConf: await rows(
        `SELECT name, setting FROM pg_file_settings
          WHERE sourcefile LIKE '%postgresql.auto.conf' ORDER BY name, seqno`,
      ),
      roles: await rows(
        `SELECT rolname, rolcanlogin, rolreplication, rolsuper, shobj_description(oid, 'pg_authid') AS comment
           FROM pg_roles ORDER BY rolname`,
      ),
      acls: await rows(
        `SELECT 'database' AS kind, datname::text AS name, datacl::text AS acl FROM pg_database
         UNION ALL SELECT 'schema', nspname::text, nspacl::text FROM pg_namespace
         UNION ALL SELECT 'table', c.oid::regclass::text, c.relacl::text FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
         ORDER BY 1, 2`,
      ),
      publications: await rows(
        `SELECT p.pubname, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate,
                (SELECT array_agg(r.prrelid::regclass::text ORDER BY 1) FROM pg_publication_rel r
                  WHERE r.prpubid = p.oid) AS tables
           FROM pg_publication p ORDER BY p.pubname`,
      ),
      slots: await rows('SELECT slot_name, slot_type, database FROM pg_replication_slots ORDER BY 1'),
    };
  });
}

async function snapshotTarget(local: TestLocalEnv): Promise<WorldSnapshot['target']> {
  return withClient(local.targetAdminUrl('postgres'), async (c) => {
    const names = async (sql: string) => (await c.query<{ name: string }>(sql)).rows.map((r) => r.name);
    return {
      databases: await names('SELECT datname AS name FROM pg_database ORDER BY 1'),
      schemas: await names('SELECT nspname AS name FROM pg_namespace ORDER BY 1'),
      // pg_subscription is shared by every database of the cluster.
      subscriptions: await names('SELECT subname AS name FROM pg_subscription ORDER BY 1'),
    };
  });
}

async function snapshotRds(local: TestLocalEnv): Promise<WorldSnapshot['rds']> {
  const rds = rdsClient(local.rdsEndpointUrl);
  try {
    const groups = (await rds.send(new DescribeDBParameterGroupsCommand({}))).DBParameterGroups ?? [];
    const userParameters = [];
    for (const group of groups) {
      const name = group.DBParameterGroupName!;
      if (name.startsWith('default.')) continue;
      const page = await rds.send(
        new DescribeDBParametersCommand({ DBParameterGroupName: name, Source: 'user' }),
      );
      userParameters.push({
        group: name,
        parameters: (page.Parameters ?? []).map((p) => [p.ParameterName, p.ParameterValue, p.ApplyMethod]),
      });
    }
    const instances = (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
    return {
      parameterGroups: groups
        .map((g) => [g.DBParameterGroupName, g.DBParameterGroupFamily, g.Description])
        .sort(),
      userParameters,
      instances: instances.map((i) => ({
        id: i.DBInstanceIdentifier,
        status: i.DBInstanceStatus,
        groups: (i.DBParameterGroups ?? []).map((g) => [g.DBParameterGroupName, g.ParameterApplyStatus]),
      })),
    };
  } finally {
    rds.destroy();
  }
}
