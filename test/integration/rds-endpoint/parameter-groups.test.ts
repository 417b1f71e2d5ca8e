import {
  DBParameterGroupAlreadyExistsFault,
  DBParameterGroupNotFoundFault,
  DeleteDBParameterGroupCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  InvalidDBParameterGroupStateFault,
  ModifyDBParameterGroupCommand,
  type Parameter,
  paginateDescribeDBParameterGroups,
  paginateDescribeDBParameters,
  type RDSClient,
  ResetDBParameterGroupCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, startEndpointFixture } from './endpoint-fixture.js';
import { failure } from './sdk-client.js';

let f: EndpointFixture;
let rds: RDSClient;

beforeAll(async () => {
  f = await startEndpointFixture();
  rds = f.rds;
});

afterAll(() => f?.close());

const create = (name: string, family?: string) => f.createGroup(name, family);

async function allParameters(name: string, source?: string): Promise<Parameter[]> {
  const out: Parameter[] = [];
  for await (const page of paginateDescribeDBParameters(
    { client: rds, pageSize: 20 },
    { DBParameterGroupName: name, ...(source ? { Source: source } : {}) },
  )) {
    expect(page.Parameters!.length).toBeLessThanOrEqual(20);
    out.push(...page.Parameters!);
  }
  return out;
}

describe('CreateDBParameterGroup / DescribeDBParameterGroups', () => {
  it('creates a group (name lower-cased) and describes it with its ARN', async () => {
    const created = await create('Logical-Replication');
    expect(created.DBParameterGroup).toEqual({
      DBParameterGroupName: 'logical-replication',
      DBParameterGroupFamily: 'postgres17',
      Description: 'group Logical-Replication',
      DBParameterGroupArn: 'arn:aws:rds:us-east-1:000000000000:pg:logical-replication',
    });
    const described = await rds.send(
      new DescribeDBParameterGroupsCommand({ DBParameterGroupName: 'logical-replication' }),
    );
    expect(described.DBParameterGroups).toEqual([created.DBParameterGroup]);
    expect(described.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a second group of the same name', async () => {
    const error = await failure(create('LOGICAL-replication'));
    expect(error).toBeInstanceOf(DBParameterGroupAlreadyExistsFault);
    expect(error.name).toBe('DBParameterGroupAlreadyExistsFault');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
  });

  it('refuses invalid names and unknown families', async () => {
    for (const name of ['1abc', 'a--b', 'ends-', 'has.dot', 'under_score']) {
      expect((await failure(create(name))).name).toBe('InvalidParameterValue');
    }
    const family = await failure(create('fine', 'mysql8.0'));
    expect(family.name).toBe('InvalidParameterValue');
    expect(family.message).toMatch(/postgres12 to postgres18/);
  });

  it('lists the default group of the backing major among all groups, paged', async () => {
    for (let i = 0; i < 22; i++) await create(`paged-${String(i).padStart(2, '0')}`);
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeDBParameterGroups({ client: rds, pageSize: 20 }, {})) {
      pages++;
      names.push(...page.DBParameterGroups!.map((g) => g.DBParameterGroupName!));
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(names).toContain('default.postgres17');
    expect(names.filter((n) => n.startsWith('paged-'))).toHaveLength(22);
    expect(new Set(names).size).toBe(names.length);
  });

  it('answers DBParameterGroupNotFound with 404 for an unknown name', async () => {
    const error = await failure(
      rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: 'nope' })),
    );
    expect(error).toBeInstanceOf(DBParameterGroupNotFoundFault);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 404 });
  });
});

describe('DescribeDBParameters', () => {
  it('derives the catalogue from the engine, with the RDS-only parameters', async () => {
    const params = await allParameters('default.postgres17');
    expect(params.length).toBeGreaterThan(300);
    expect(new Set(params.map((p) => p.ParameterName)).size).toBe(params.length);
    const byName = new Map(params.map((p) => [p.ParameterName, p]));
    expect(byName.get('max_worker_processes')).toMatchObject({
      ApplyType: 'static',
      DataType: 'integer',
      AllowedValues: '0-262143',
      IsModifiable: true,
      Source: 'engine-default',
      ParameterValue: '8',
    });
    expect(byName.get('work_mem')).toMatchObject({ ApplyType: 'dynamic', DataType: 'integer' });
    expect(byName.get('autovacuum')).toMatchObject({
      DataType: 'boolean',
      AllowedValues: '0,1',
      ParameterValue: '1',
    });
    // Set in the cluster's configuration files ('32MB' there): shown in 8kB pages, as pg_settings has it.
    expect(byName.get('shared_buffers')).toMatchObject({
      Source: 'system',
      ParameterValue: await f.cluster.baseSetting('shared_buffers'),
    });
    expect(byName.get('block_size')).toMatchObject({ IsModifiable: false });
    expect(byName.get('rds.logical_replication')).toMatchObject({
      ApplyType: 'static',
      DataType: 'boolean',
      ParameterValue: '0',
    });
  });

  it('filters by Source', async () => {
    const system = await allParameters('default.postgres17', 'system');
    expect(system.length).toBeGreaterThan(0);
    expect(system.every((p) => p.Source === 'system')).toBe(true);
    expect(await allParameters('default.postgres17', 'user')).toEqual([]);
    const bad = await failure(
      rds.send(
        new DescribeDBParametersCommand({ DBParameterGroupName: 'default.postgres17', Source: 'mine' }),
      ),
    );
    expect(bad.name).toBe('InvalidParameterValue');
  });

  it('refuses MaxRecords outside 20..100', async () => {
    for (const MaxRecords of [19, 101]) {
      const error = await failure(
        rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'default.postgres17', MaxRecords })),
      );
      expect(error.name).toBe('InvalidParameterValue');
      expect(error.message).toMatch(/between 20 and 100/);
    }
  });
});

describe('ModifyDBParameterGroup / ResetDBParameterGroup', () => {
  it('stores user values that Describe shows with Source user', async () => {
    await create('modify-me');
    const result = await rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: 'modify-me',
        Parameters: [
          { ParameterName: 'rds.logical_replication', ParameterValue: '1', ApplyMethod: 'pending-reboot' },
          { ParameterName: 'MAX_WORKER_PROCESSES', ParameterValue: '20', ApplyMethod: 'pending-reboot' },
          { ParameterName: 'work_mem', ParameterValue: '8192', ApplyMethod: 'immediate' },
        ],
      }),
    );
    expect(result.DBParameterGroupName).toBe('modify-me');
    const user = await allParameters('modify-me', 'user');
    expect(user.map((p) => [p.ParameterName, p.ParameterValue, p.ApplyMethod])).toEqual([
      ['max_worker_processes', '20', 'pending-reboot'],
      ['rds.logical_replication', '1', 'pending-reboot'],
      ['work_mem', '8192', 'immediate'],
    ]);
  });

  it('refuses more than 20 parameters in one call', async () => {
    const Parameters = Array.from({ length: 21 }, () => ({
      ParameterName: 'work_mem',
      ParameterValue: '4096',
      ApplyMethod: 'immediate' as const,
    }));
    const error = await failure(
      rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'modify-me', Parameters })),
    );
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toMatch(/maximum of 20/);
    await rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: 'modify-me',
        Parameters: Parameters.slice(0, 20),
      }),
    );
  });

  it('refuses immediate for a static parameter, and leaves the group untouched', async () => {
    const error = await failure(
      rds.send(
        new ModifyDBParameterGroupCommand({
          DBParameterGroupName: 'modify-me',
          Parameters: [
            { ParameterName: 'work_mem', ParameterValue: '1024', ApplyMethod: 'immediate' },
            { ParameterName: 'max_worker_processes', ParameterValue: '30', ApplyMethod: 'immediate' },
          ],
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterCombination');
    expect(error.message).toBe('cannot use immediate apply method for static parameter');
    const user = await allParameters('modify-me', 'user');
    expect(user.find((p) => p.ParameterName === 'work_mem')?.ParameterValue).toBe('4096');
  });

  it('refuses invalid values with a clear message', async () => {
    const modify = (ParameterName: string, ParameterValue: string) =>
      failure(
        rds.send(
          new ModifyDBParameterGroupCommand({
            DBParameterGroupName: 'modify-me',
            Parameters: [{ ParameterName, ParameterValue, ApplyMethod: 'pending-reboot' }],
          }),
        ),
      );
    const range = await modify('max_worker_processes', '999999999');
    expect(range.name).toBe('InvalidParameterValue');
    expect(range.message).toMatch(/max_worker_processes.*0-262143/);
    expect((await modify('rds.logical_replication', 'on')).message).toMatch(/0 or 1/);
    expect((await modify('wal_level', 'logical')).message).toMatch(/cannot be modified/);
    expect((await modify('no_such_setting', '1')).message).toMatch(
      /Could not find parameter with name: no_such_setting/,
    );
  });

  it('refuses changes to the default group and to unknown groups', async () => {
    const Parameters = [
      { ParameterName: 'work_mem', ParameterValue: '4096', ApplyMethod: 'immediate' as const },
    ];
    const onDefault = await failure(
      rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'default.postgres17', Parameters })),
    );
    expect(onDefault.name).toBe('InvalidParameterValue');
    expect(onDefault.message).toMatch(/default parameter group/);
    const missing = await failure(
      rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'ghost', Parameters })),
    );
    expect(missing).toBeInstanceOf(DBParameterGroupNotFoundFault);
    const reset = await failure(
      rds.send(
        new ResetDBParameterGroupCommand({
          DBParameterGroupName: 'default.postgres17',
          ResetAllParameters: true,
        }),
      ),
    );
    expect(reset.name).toBe('InvalidParameterValue');
  });

  it('resets listed parameters, then all of them', async () => {
    await rds.send(
      new ResetDBParameterGroupCommand({
        DBParameterGroupName: 'modify-me',
        Parameters: [{ ParameterName: 'work_mem' }],
      }),
    );
    expect((await allParameters('modify-me', 'user')).map((p) => p.ParameterName)).toEqual([
      'max_worker_processes',
      'rds.logical_replication',
    ]);
    const both = await failure(
      rds.send(
        new ResetDBParameterGroupCommand({
          DBParameterGroupName: 'modify-me',
          ResetAllParameters: true,
          Parameters: [{ ParameterName: 'work_mem' }],
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterCombination');
    await rds.send(
      new ResetDBParameterGroupCommand({ DBParameterGroupName: 'modify-me', ResetAllParameters: true }),
    );
    expect(await allParameters('modify-me', 'user')).toEqual([]);
  });
});

describe('DeleteDBParameterGroup', () => {
  it('deletes a group', async () => {
    await create('short-lived');
    await rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: 'short-lived' }));
    const error = await failure(
      rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: 'short-lived' })),
    );
    expect(error).toBeInstanceOf(DBParameterGroupNotFoundFault);
  });

  it('refuses to delete the default group or an unknown one', async () => {
    const onDefault = await failure(
      rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: 'default.postgres17' })),
    );
    expect(onDefault).toBeInstanceOf(InvalidDBParameterGroupStateFault);
    expect(onDefault.message).toBe('Default DBParameterGroup cannot be deleted: default.postgres17');
    const missing = await failure(
      rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: 'ghost' })),
    );
    expect(missing).toBeInstanceOf(DBParameterGroupNotFoundFault);
  });
});
