import {
  type DBInstance,
  DBInstanceNotFoundFault,
  DBParameterGroupNotFoundFault,
  DeleteDBParameterGroupCommand,
  DescribeDBInstancesCommand,
  InvalidDBInstanceStateFault,
  InvalidDBParameterGroupStateFault,
  ModifyDBInstanceCommand,
  type RDSClient,
  RebootDBInstanceCommand,
  ResetDBParameterGroupCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, startEndpointFixture } from './endpoint-fixture.js';
import { eventually, failure } from './sdk-client.js';
import type { TargetCluster } from './target-cluster.js';

let f: EndpointFixture;
let cluster: TargetCluster;
let rds: RDSClient;
const ID = 'reporting-replica';

beforeAll(async () => {
  f = await startEndpointFixture({ transitionDelayMs: 300 }, ID);
  ({ cluster, rds } = f);
});

afterAll(() => f?.close());

async function instance(): Promise<DBInstance> {
  const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: ID }));
  expect(out.DBInstances).toHaveLength(1);
  return out.DBInstances![0]!;
}

const applyStatus = (i: DBInstance) => i.DBParameterGroups?.[0]?.ParameterApplyStatus;
const settled = (i: DBInstance) => i.DBInstanceStatus === 'available' && applyStatus(i) !== 'applying';

describe('DescribeDBInstances', () => {
  it('shows the instance backed by the target cluster', async () => {
    const i = await instance();
    expect(i).toMatchObject({
      DBInstanceIdentifier: ID,
      Engine: 'postgres',
      DBInstanceStatus: 'available',
      DBInstanceArn: `arn:aws:rds:us-east-1:000000000000:db:${ID}`,
      DBParameterGroups: [{ DBParameterGroupName: 'default.postgres17', ParameterApplyStatus: 'in-sync' }],
      Endpoint: { Address: '127.0.0.1', Port: Number(new URL(cluster.backing.superuserUrl).port) },
    });
    expect(i.EngineVersion).toMatch(/^17\.\d+$/);
    expect(i.EngineVersion).toBe(await cluster.show('server_version').then((v) => v.split(' ')[0]));
    expect(i.InstanceCreateTime).toBeInstanceOf(Date);
    expect(JSON.stringify(i)).not.toContain(new URL(cluster.backing.superuserUrl).password);
  });

  it('lists it without an identifier, and by filter or ARN', async () => {
    const all = await rds.send(new DescribeDBInstancesCommand({}));
    expect(all.DBInstances!.map((d) => d.DBInstanceIdentifier)).toEqual([ID]);
    const filtered = await rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: ['other'] }] }),
    );
    expect(filtered.DBInstances).toEqual([]);
    const byArn = await rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: `arn:aws:rds:us-east-1:000000000000:db:${ID}` }),
    );
    expect(byArn.DBInstances).toHaveLength(1);
  });

  it('answers DBInstanceNotFound with 404', async () => {
    const error = await failure(
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'missing' })),
    );
    expect(error).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 404 });
  });
});

describe('attaching a group and rebooting', () => {
  it('leaves the instance pending-reboot after a group change, even with ApplyImmediately', async () => {
    await f.createGroup('logical-replication-pg');
    await f.setParameters(
      'logical-replication-pg',
      ['rds.logical_replication', '1', 'pending-reboot'],
      ['max_worker_processes', '20', 'pending-reboot'],
      ['max_logical_replication_workers', '10', 'pending-reboot'],
    );
    const modified = await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: ID,
        DBParameterGroupName: 'logical-replication-pg',
        ApplyImmediately: true,
      }),
    );
    expect(modified.DBInstance).toMatchObject({
      DBInstanceStatus: 'modifying',
      DBParameterGroups: [
        { DBParameterGroupName: 'logical-replication-pg', ParameterApplyStatus: 'applying' },
      ],
    });
    // Not available yet: a reboot is refused.
    expect(await failure(rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: ID })))).toBeInstanceOf(
      InvalidDBInstanceStateFault,
    );
    const after = await eventually(instance, settled);
    expect(after.DBInstanceStatus).toBe('available');
    expect(applyStatus(after)).toBe('pending-reboot');
    expect(await cluster.show('max_worker_processes')).toBe('8');
  });

  it('refuses to delete the group in use', async () => {
    const error = await failure(
      rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: 'logical-replication-pg' })),
    );
    expect(error).toBeInstanceOf(InvalidDBParameterGroupStateFault);
    expect(error.message).toMatch(/still members of this parameter group/);
  });

  it('reboots through rebooting, really restarting the target with the group values', async () => {
    const restartsBefore = cluster.restarts();
    const rebooted = await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: ID }));
    expect(rebooted.DBInstance).toMatchObject({
      DBInstanceStatus: 'rebooting',
      DBParameterGroups: [{ ParameterApplyStatus: 'pending-reboot' }],
    });
    const again = await failure(rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: ID })));
    expect(again).toBeInstanceOf(InvalidDBInstanceStateFault);
    expect(again.$metadata).toMatchObject({ httpStatusCode: 400 });
    const after = await eventually(instance, (i) => i.DBInstanceStatus === 'available');
    expect(applyStatus(after)).toBe('in-sync');
    expect(cluster.restarts()).toBe(restartsBefore + 1);
    expect(await cluster.show('max_worker_processes')).toBe('20');
    expect(await cluster.show('max_logical_replication_workers')).toBe('10');
    expect(await cluster.show('wal_level')).toBe('logical');
  });

  it('applies a dynamic parameter at once with ApplyMethod immediate', async () => {
    await f.setParameters('logical-replication-pg', ['log_min_duration_statement', '1234', 'immediate']);
    expect(applyStatus(await instance())).toBe('applying');
    const after = await eventually(instance, (i) => applyStatus(i) === 'in-sync');
    expect(after.DBInstanceStatus).toBe('available');
    expect(await cluster.show('log_min_duration_statement')).toBe('1234ms');
  });

  it('leaves a static change pending until the next reboot', async () => {
    await f.setParameters('logical-replication-pg', ['max_worker_processes', '24', 'pending-reboot']);
    const pending = await instance();
    expect(pending.DBInstanceStatus).toBe('available');
    expect(applyStatus(pending)).toBe('pending-reboot');
    expect(await cluster.show('max_worker_processes')).toBe('20');
  });

  it('resets removed values on the engine at the next reboot', async () => {
    await rds.send(
      new ResetDBParameterGroupCommand({
        DBParameterGroupName: 'logical-replication-pg',
        Parameters: [{ ParameterName: 'max_worker_processes' }, { ParameterName: 'rds.logical_replication' }],
      }),
    );
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: ID }));
    const after = await eventually(instance, (i) => i.DBInstanceStatus === 'available');
    expect(applyStatus(after)).toBe('in-sync');
    expect(await cluster.show('max_worker_processes')).toBe('8');
    expect(await cluster.show('wal_level')).toBe('replica');
    expect(await cluster.show('max_logical_replication_workers')).toBe('10');
  });

  it('refuses groups of another family, unknown groups, other modifications and failover', async () => {
    await f.createGroup('old-family', 'postgres15');
    const family = await failure(
      rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: ID, DBParameterGroupName: 'old-family' })),
    );
    expect(family.name).toBe('InvalidParameterCombination');
    expect(family.message).toMatch(/postgres17/);
    const missing = await failure(
      rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: ID, DBParameterGroupName: 'ghost' })),
    );
    expect(missing).toBeInstanceOf(DBParameterGroupNotFoundFault);
    const other = await failure(
      rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: ID, AllocatedStorage: 100 })),
    );
    expect(other.name).toBe('InvalidParameterCombination');
    expect(other.message).toMatch(/AllocatedStorage/);
    const unknown = await failure(
      rds.send(
        new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'ghost', DBParameterGroupName: 'old-family' }),
      ),
    );
    expect(unknown).toBeInstanceOf(DBInstanceNotFoundFault);
    const failover = await failure(
      rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: ID, ForceFailover: true })),
    );
    expect(failover.name).toBe('InvalidParameterCombination');
  });
});
