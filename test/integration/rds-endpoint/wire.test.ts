import { CreateDBParameterGroupCommand, DescribeDBParameterGroupsCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, startEndpointFixture } from './endpoint-fixture.js';

let f: EndpointFixture;
const bodies: string[] = [];

beforeAll(async () => {
  f = await startEndpointFixture();
});

afterAll(() => f?.close());

/** A raw Query-protocol call, as the SDK would make it, keeping every body to check for secrets. */
async function call(fields: Record<string, string>, method: 'POST' | 'GET' = 'POST') {
  const form = new URLSearchParams({ Version: '2014-10-31', ...fields }).toString();
  const response =
    method === 'POST'
      ? await fetch(`${f.endpoint.url}/`, {
          method,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        })
      : await fetch(`${f.endpoint.url}/?${form}`);
  const body = await response.text();
  bodies.push(body);
  return { status: response.status, requestId: response.headers.get('x-amzn-requestid'), body };
}

describe('the Query protocol on the wire', () => {
  it('wraps results in OpResponse/OpResult with the request id in header and body', async () => {
    const r = await call({ Action: 'DescribeDBParameterGroups', DBParameterGroupName: 'default.postgres17' });
    expect(r.status).toBe(200);
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toMatch(
      /^<DescribeDBParameterGroupsResponse xmlns="http:\/\/rds\.amazonaws\.com\/doc\/2014-10-31\/"><DescribeDBParameterGroupsResult><DBParameterGroups><DBParameterGroup><DBParameterGroupName>default\.postgres17<\/DBParameterGroupName>/,
    );
    expect(r.body).toContain(`<ResponseMetadata><RequestId>${r.requestId}</RequestId></ResponseMetadata>`);
  });

  it('answers errors as ErrorResponse with Type, Code, Message and RequestId', async () => {
    const r = await call({ Action: 'DescribeDBParameterGroups', DBParameterGroupName: 'ghost' });
    expect(r.status).toBe(404);
    expect(r.body).toContain(
      '<Error><Type>Sender</Type><Code>DBParameterGroupNotFound</Code><Message>DBParameterGroup not found: ghost</Message></Error>',
    );
    expect(r.body).toContain(`<RequestId>${r.requestId}</RequestId>`);
  });

  it('answers an unknown action with 400 InvalidAction, and a missing one with MissingParameter', async () => {
    const unknown = await call({ Action: 'CreateDBInstance' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('<Code>InvalidAction</Code>');
    const missing = await call({});
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('<Code>MissingParameter</Code>');
  });

  it('accepts list members keyed .member.N. as well as .Parameter.N.', async () => {
    await f.createGroup('wire-lists');
    const r = await call({
      Action: 'ModifyDBParameterGroup',
      DBParameterGroupName: 'wire-lists',
      'Parameters.member.1.ParameterName': 'work_mem',
      'Parameters.member.1.ParameterValue': '2048',
      'Parameters.member.1.ApplyMethod': 'immediate',
      'Parameters.Parameter.2.ParameterName': 'random_page_cost',
      'Parameters.Parameter.2.ParameterValue': '1.1',
      'Parameters.Parameter.2.ApplyMethod': 'pending-reboot',
    });
    expect(r.status).toBe(200);
    const user = await call({
      Action: 'DescribeDBParameters',
      DBParameterGroupName: 'wire-lists',
      Source: 'user',
    });
    expect(user.body).toContain(
      '<ParameterName>random_page_cost</ParameterName><ParameterValue>1.1</ParameterValue>',
    );
    expect(user.body).toContain(
      '<ParameterName>work_mem</ParameterName><ParameterValue>2048</ParameterValue>',
    );
  });

  it('accepts the fields in a GET query string', async () => {
    const r = await call({ Action: 'DescribeDBInstances' }, 'GET');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<DBInstanceIdentifier>reporting-replica</DBInstanceIdentifier>');
  });

  it('escapes values so that the SDK reads back exactly what was stored', async () => {
    const Description = `a <b> & "c" 'd' \r\n🐘`;
    await f.rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: 'escaped',
        DBParameterGroupFamily: 'postgres17',
        Description,
      }),
    );
    const raw = await call({ Action: 'DescribeDBParameterGroups', DBParameterGroupName: 'escaped' });
    expect(raw.body).toContain(
      '<Description>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#13;\n🐘</Description>',
    );
    const out = await f.rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: 'escaped' }));
    expect(out.DBParameterGroups?.[0]?.Description).toBe(Description);
  });

  it('never shows the superuser password', async () => {
    await call({ Action: 'DescribeDBParameters', DBParameterGroupName: 'default.postgres17' });
    const password = decodeURIComponent(new URL(f.cluster.backing.superuserUrl).password);
    expect(password.length).toBeGreaterThan(5);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(body).not.toContain(password);
  });
});
