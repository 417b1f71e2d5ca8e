import {
  DBInstanceNotFoundFault,
  DBParameterGroupNotFoundFault,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  type Parameter,
  RDSClient,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { ReplctlError } from '../../../src/errors.js';
import { introspectRds } from '../../../src/introspect/rds.js';

/** A parameter group as RDS pages it: 100 per page, Marker to continue. */
function engineParameters(count: number): Parameter[] {
  const named: Parameter[] = [
    {
      ParameterName: 'max_worker_processes',
      ApplyType: 'static',
      Source: 'engine-default',
      IsModifiable: true,
    },
    {
      ParameterName: 'max_sync_workers_per_subscription',
      ApplyType: 'dynamic',
      Source: 'system',
      IsModifiable: true,
    },
  ];
  const filler = Array.from({ length: count - named.length }, (_, i) => ({
    ParameterName: `p${i}`,
    ApplyType: 'dynamic',
    Source: 'engine-default',
  }));
  return [...filler.slice(0, 150), ...named, ...filler.slice(150)];
}

/** An RDSClient whose `send` answers from memory: the SDK's paginator needs a real client. */
function fakeRds(options: { groups: Record<string, Parameter[]>; instanceGroup: string }) {
  const calls: string[] = [];
  const client = new RDSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  client.send = (async (command: unknown) => {
    if (command instanceof DescribeDBInstancesCommand) {
      calls.push('DescribeDBInstances');
      if (command.input.DBInstanceIdentifier !== 'replica') {
        throw new DBInstanceNotFoundFault({ message: 'not found', $metadata: {} });
      }
      return {
        DBInstances: [
          {
            DBInstanceIdentifier: 'replica',
            DBInstanceStatus: 'available',
            EngineVersion: '17.2',
            DBParameterGroups: [
              { DBParameterGroupName: options.instanceGroup, ParameterApplyStatus: 'in-sync' },
            ],
          },
        ],
      };
    }
    if (command instanceof DescribeDBParameterGroupsCommand) {
      calls.push('DescribeDBParameterGroups');
      const name = command.input.DBParameterGroupName!;
      if (!options.groups[name])
        throw new DBParameterGroupNotFoundFault({ message: 'not found', $metadata: {} });
      return {
        DBParameterGroups: [
          { DBParameterGroupName: name, DBParameterGroupFamily: 'postgres17', Description: 'd' },
        ],
      };
    }
    if (command instanceof DescribeDBParametersCommand) {
      const { DBParameterGroupName, Source, Marker, MaxRecords } = command.input;
      calls.push(`DescribeDBParameters ${DBParameterGroupName} ${Source ?? 'all'} ${Marker ?? ''}`.trim());
      const all = (options.groups[DBParameterGroupName!] ?? []).filter(
        (p) => Source === undefined || p.Source === Source,
      );
      const start = Number(Marker ?? 0);
      const end = start + (MaxRecords ?? 100);
      return { Parameters: all.slice(start, end), ...(end < all.length ? { Marker: String(end) } : {}) };
    }
    throw new Error(`unexpected command ${String(command)}`);
  }) as RDSClient['send'];
  return { client, calls };
}

const USER_SET: Parameter[] = [
  {
    ParameterName: 'rds.logical_replication',
    ParameterValue: '1',
    ApplyType: 'static',
    Source: 'user',
    IsModifiable: true,
  },
  {
    ParameterName: 'max_logical_replication_workers',
    ParameterValue: '10',
    ApplyType: 'static',
    Source: 'user',
    IsModifiable: true,
  },
];

describe('introspectRds', () => {
  it('reads the desired group with its user-set parameters, and ApplyTypes of the others from a full read', async () => {
    const { client, calls } = fakeRds({
      groups: { 'logical-replication-pg': [...USER_SET, ...engineParameters(350)] },
      instanceGroup: 'logical-replication-pg',
    });
    const { live, calls: count } = await introspectRds(client, {
      instance: 'replica',
      parameterGroup: {
        name: 'logical-replication-pg',
        parameters: ['rds.logical_replication', 'max_worker_processes', 'max_sync_workers_per_subscription'],
      },
    });
    expect(live).toEqual({
      instance: {
        identifier: 'replica',
        status: 'available',
        engineVersion: '17.2',
        parameterGroupName: 'logical-replication-pg',
        parameterApplyStatus: 'in-sync',
      },
      parameterGroup: {
        name: 'logical-replication-pg',
        family: 'postgres17',
        description: 'd',
        parameters: {
          'rds.logical_replication': { value: '1', applyType: 'static', source: 'user', isModifiable: true },
          max_logical_replication_workers: {
            value: '10',
            applyType: 'static',
            source: 'user',
            isModifiable: true,
          },
        },
      },
      applyTypes: {
        'rds.logical_replication': 'static',
        max_worker_processes: 'static',
        max_sync_workers_per_subscription: 'dynamic',
      },
    });
    expect(calls).toEqual([
      'DescribeDBInstances',
      'DescribeDBParameterGroups',
      'DescribeDBParameters logical-replication-pg user',
      'DescribeDBParameters logical-replication-pg all',
      'DescribeDBParameters logical-replication-pg all 100',
      'DescribeDBParameters logical-replication-pg all 200',
      'DescribeDBParameters logical-replication-pg all 300',
    ]);
    expect(count).toBe(calls.length);
  });

  it('needs no full read when every desired parameter is user-set', async () => {
    const { client, calls } = fakeRds({
      groups: { g: [...USER_SET, ...engineParameters(350)] },
      instanceGroup: 'default.postgres17',
    });
    const { calls: count } = await introspectRds(client, {
      instance: 'replica',
      parameterGroup: { name: 'g', parameters: ['rds.logical_replication'] },
    });
    expect(count).toBe(3);
    expect(calls).toHaveLength(3);
  });

  it('takes ApplyTypes from the instance group while the desired group does not exist', async () => {
    const { client, calls } = fakeRds({
      groups: { 'default.postgres17': engineParameters(120) },
      instanceGroup: 'default.postgres17',
    });
    const { live, calls: count } = await introspectRds(client, {
      instance: 'replica',
      parameterGroup: { name: 'not-yet', parameters: ['max_worker_processes', 'no_such_parameter'] },
    });
    expect(live.parameterGroup).toBeUndefined();
    expect(live.applyTypes).toEqual({ max_worker_processes: 'static' });
    expect(calls.slice(1)).toEqual([
      'DescribeDBParameterGroups',
      'DescribeDBParameters default.postgres17 all',
      'DescribeDBParameters default.postgres17 all 100',
    ]);
    expect(count).toBe(4);
  });

  it('reads only the instance when no group is desired', async () => {
    const { client } = fakeRds({ groups: {}, instanceGroup: 'default.postgres17' });
    const result = await introspectRds(client, { instance: 'replica' });
    expect(result.calls).toBe(1);
    expect(result.live).not.toHaveProperty('parameterGroup');
  });

  it('says which instance is missing', async () => {
    const { client } = fakeRds({ groups: {}, instanceGroup: 'default.postgres17' });
    const attempt = introspectRds(client, { instance: 'nope' });
    await expect(attempt).rejects.toBeInstanceOf(ReplctlError);
    await expect(attempt).rejects.toThrow('Expected the RDS instance nope to exist');
  });
});
