import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddTagsToResourceCommand,
  CreateDBParameterGroupCommand,
  type DBInstance,
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  ListTagsForResourceCommand,
  ModifyDBInstanceCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RdsEndpoint, startRdsEndpoint } from '../../../src/local/rds-endpoint/index.js';
import { eventually, rdsClient, setParameters } from './sdk-client.js';
import { startTargetCluster, type TargetCluster } from './target-cluster.js';

let cluster: TargetCluster;
let dir: string;
let stateFile: string;

beforeAll(async () => {
  cluster = await startTargetCluster();
  dir = await mkdtemp(join(tmpdir(), 'replctl-rds-state-'));
  stateFile = join(dir, 'rds', 'state.json');
});

afterAll(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `work` against an endpoint on the state file, then closes it (as `local down` would). */
async function withEndpoint<T>(work: (rds: RDSClient, endpoint: RdsEndpoint) => Promise<T>): Promise<T> {
  const endpoint = await startRdsEndpoint({
    backing: cluster.backing,
    stateFile,
    transitionDelayMs: 50,
    log: () => undefined,
  });
  const rds = rdsClient(endpoint.url);
  try {
    return await work(rds, endpoint);
  } finally {
    rds.destroy();
    await endpoint.close();
  }
}

async function instance(rds: RDSClient): Promise<DBInstance> {
  return (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances![0]!;
}

describe('persistence', () => {
  it('keeps groups, values, tags and the instance state across restarts of the endpoint', async () => {
    await withEndpoint(async (rds) => {
      await rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: 'kept',
          DBParameterGroupFamily: 'postgres17',
          Description: 'kept across restarts',
        }),
      );
      await setParameters(rds, 'kept', ['max_worker_processes', '12', 'pending-reboot']);
      await rds.send(
        new AddTagsToResourceCommand({
          ResourceName: 'arn:aws:rds:us-east-1:000000000000:pg:kept',
          Tags: [{ Key: 'k', Value: 'v' }],
        }),
      );
      await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'reporting-replica',
          DBParameterGroupName: 'kept',
        }),
      );
      await eventually(
        () => instance(rds),
        (i) => i.DBInstanceStatus === 'available',
      );
    });
    const text = await readFile(stateFile, 'utf8');
    expect(text).not.toContain(decodeURIComponent(new URL(cluster.backing.superuserUrl).password));

    await withEndpoint(async (rds) => {
      const i = await instance(rds);
      expect(i.DBInstanceStatus).toBe('available');
      expect(i.DBParameterGroups).toEqual([
        { DBParameterGroupName: 'kept', ParameterApplyStatus: 'pending-reboot' },
      ]);
      const user = await rds.send(
        new DescribeDBParametersCommand({ DBParameterGroupName: 'kept', Source: 'user' }),
      );
      expect(user.Parameters?.map((p) => [p.ParameterName, p.ParameterValue])).toEqual([
        ['max_worker_processes', '12'],
      ]);
      const tags = await rds.send(
        new ListTagsForResourceCommand({ ResourceName: 'arn:aws:rds:us-east-1:000000000000:pg:kept' }),
      );
      expect(tags.TagList).toEqual([{ Key: 'k', Value: 'v' }]);
    });
  });

  it('finishes a reboot that was in progress when the process died', async () => {
    // What the file holds when the process dies between RebootDBInstance and the restart.
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    state.instance.status = 'rebooting';
    await writeFile(stateFile, JSON.stringify(state));
    const restartsBefore = cluster.restarts();
    await withEndpoint(async (rds) => {
      const i = await eventually(
        () => instance(rds),
        (d) => d.DBInstanceStatus === 'available',
      );
      expect(i.DBParameterGroups?.[0]?.ParameterApplyStatus).toBe('in-sync');
    });
    expect(cluster.restarts()).toBe(restartsBefore + 1);
    expect(await cluster.show('max_worker_processes')).toBe('12');
  });

  it('refuses a state file that is not its own', async () => {
    const other = join(dir, 'other.json');
    await writeFile(other, '{"formatVersion": 1, "groups": {}, "tags": {}');
    await expect(startRdsEndpoint({ backing: cluster.backing, stateFile: other })).rejects.toThrow(
      /not valid JSON/,
    );
    await writeFile(
      other,
      JSON.stringify({ ...JSON.parse(await readFile(stateFile, 'utf8')), formatVersion: 2 }),
    );
    await expect(startRdsEndpoint({ backing: cluster.backing, stateFile: other })).rejects.toThrow(
      /formatVersion 1/,
    );
    await expect(
      startRdsEndpoint({ backing: { ...cluster.backing, identifier: 'someone-else' }, stateFile }),
    ).rejects.toThrow(/belongs to instance reporting-replica/);
  });
});
