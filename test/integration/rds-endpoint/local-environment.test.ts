import {
  CreateDBParameterGroupCommand,
  type DBInstance,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RebootDBInstanceCommand,
} from '@aws-sdk/client-rds';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';
import { eventually, setParameters } from './sdk-client.js';

/**
 * The endpoint as `replctl local up` runs it: in the RDS daemon, found by the SDK through
 * AWS_ENDPOINT_URL_RDS and the other variables `replctl local env` exports.
 */
let local: TestLocalEnv;
let rds: RDSClient;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  local = await startLocalEnv();
  for (const [name, value] of Object.entries(local.env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  // No endpoint, region or credentials given: the SDK takes them from the environment.
  rds = new RDSClient({});
});

afterAll(async () => {
  rds?.destroy();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await local?.stop();
});

async function targetSetting(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: local.targetAdminUrl() });
  await client.connect();
  try {
    return (await client.query<{ v: string }>('SELECT current_setting($1) AS v', [name])).rows[0]!.v;
  } finally {
    await client.end();
  }
}

const instance = async (): Promise<DBInstance> =>
  (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'reporting-replica' })))
    .DBInstances![0]!;

describe('the endpoint in the local environment', () => {
  it('serves the target as the RDS instance', async () => {
    const i = await instance();
    expect(i).toMatchObject({ DBInstanceStatus: 'available', Endpoint: { Port: local.targetPort } });
  });

  it('runs the seed runbook RDS steps: group with logical replication, attach, reboot', async () => {
    expect(await targetSetting('wal_level')).toBe('replica');
    await rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: 'logical-replication-pg',
        DBParameterGroupFamily: `postgres${local.pgVersion}`,
        Description: 'logical replication',
      }),
    );
    await setParameters(
      rds,
      'logical-replication-pg',
      ['rds.logical_replication', '1', 'pending-reboot'],
      ['max_worker_processes', '20', 'pending-reboot'],
    );
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'reporting-replica',
        DBParameterGroupName: 'logical-replication-pg',
        ApplyImmediately: true,
      }),
    );
    await eventually(instance, (i) => i.DBInstanceStatus === 'available');
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'reporting-replica' }));
    const after = await eventually(
      instance,
      (i) =>
        i.DBInstanceStatus === 'available' && i.DBParameterGroups?.[0]?.ParameterApplyStatus === 'in-sync',
    );
    expect(after.DBParameterGroups?.[0]?.DBParameterGroupName).toBe('logical-replication-pg');
    expect(await targetSetting('wal_level')).toBe('logical');
    expect(await targetSetting('max_worker_processes')).toBe('20');
  });
});
