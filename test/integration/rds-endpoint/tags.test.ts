import {
  AddTagsToResourceCommand,
  CreateDBParameterGroupCommand,
  DBInstanceNotFoundFault,
  DBParameterGroupNotFoundFault,
  DeleteDBParameterGroupCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  type RDSClient,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, startEndpointFixture } from './endpoint-fixture.js';
import { failure } from './sdk-client.js';

let f: EndpointFixture;
let rds: RDSClient;
const GROUP_ARN = 'arn:aws:rds:us-east-1:000000000000:pg:tagged';
const DB_ARN = 'arn:aws:rds:us-east-1:000000000000:db:reporting-replica';

beforeAll(async () => {
  f = await startEndpointFixture();
  rds = f.rds;
});

afterAll(() => f?.close());

const tagsOf = async (ResourceName: string) =>
  (await rds.send(new ListTagsForResourceCommand({ ResourceName }))).TagList;

describe('tags', () => {
  it('keeps the tags given at creation', async () => {
    await rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: 'tagged',
        DBParameterGroupFamily: 'postgres17',
        Description: 'with tags',
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'env', Value: 'local' },
        ],
      }),
    );
    expect(await tagsOf(GROUP_ARN)).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'env', Value: 'local' },
    ]);
  });

  it('adds (replacing same keys) and removes tags', async () => {
    await rds.send(
      new AddTagsToResourceCommand({
        ResourceName: GROUP_ARN,
        Tags: [
          { Key: 'env', Value: 'ci' },
          { Key: 'owner', Value: 'dba <&> "ops"' },
        ],
      }),
    );
    expect(await tagsOf(GROUP_ARN)).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'env', Value: 'ci' },
      { Key: 'owner', Value: 'dba <&> "ops"' },
    ]);
    await rds.send(
      new RemoveTagsFromResourceCommand({ ResourceName: GROUP_ARN, TagKeys: ['team', 'absent'] }),
    );
    expect((await tagsOf(GROUP_ARN))?.map((t) => t.Key)).toEqual(['env', 'owner']);
  });

  it('tags the instance, and DescribeDBInstances shows them', async () => {
    expect(await tagsOf(DB_ARN)).toEqual([]);
    await rds.send(
      new AddTagsToResourceCommand({ ResourceName: DB_ARN, Tags: [{ Key: 'role', Value: 'replica' }] }),
    );
    const described = await rds.send(new DescribeDBInstancesCommand({}));
    expect(described.DBInstances?.[0]?.TagList).toEqual([{ Key: 'role', Value: 'replica' }]);
  });

  it('drops the tags of a deleted group', async () => {
    await rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: 'tagged' }));
    await f.createGroup('tagged');
    expect(await tagsOf(GROUP_ARN)).toEqual([]);
  });

  it('answers NotFound for resources that do not exist and refuses foreign ARNs', async () => {
    const group = await failure(tagsOf('arn:aws:rds:us-east-1:000000000000:pg:ghost'));
    expect(group).toBeInstanceOf(DBParameterGroupNotFoundFault);
    const db = await failure(tagsOf('arn:aws:rds:us-east-1:000000000000:db:ghost'));
    expect(db).toBeInstanceOf(DBInstanceNotFoundFault);
    expect((await failure(tagsOf('arn:aws:s3:::bucket'))).name).toBe('InvalidParameterValue');
    expect((await failure(tagsOf('arn:aws:rds:eu-west-1:000000000000:pg:tagged'))).name).toBe(
      'InvalidParameterValue',
    );
    const filtered = await failure(
      rds.send(
        new ListTagsForResourceCommand({
          ResourceName: DB_ARN,
          Filters: [{ Name: 'tag-key', Values: ['role'] }],
        }),
      ),
    );
    expect(filtered.message).toMatch(/Filters are not supported/);
    const reserved = await failure(
      rds.send(new AddTagsToResourceCommand({ ResourceName: DB_ARN, Tags: [{ Key: 'aws:x', Value: '1' }] })),
    );
    expect(reserved.name).toBe('InvalidParameterValue');
  });
});
