import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyPlan, createRdsClient, listRuns } from '../../../src/apply/index.js';
import { withClient } from '../../../src/local/with-client.js';
import { urlEndpoints } from '../../support/apply-endpoints.js';
import { awsStep, testPlan, waitStep } from '../../support/apply-plans.js';
import { rejection } from '../../support/apply-waiting.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

const INSTANCE = 'reporting-replica';
let local: TestLocalEnv;
const clients: RDSClient[] = [];

beforeAll(async () => {
  // A third of the calls throttled, a fifth answered 500/503: what "survive RDS throttling and 5xx" means.
  local = await startLocalEnv({ rdsFaults: 'throttle=0.33,error=0.2,seed=7' });
  // The client finds the endpoint, region and credentials the standard way, as in a user's shell.
  for (const name of ['AWS_ENDPOINT_URL_RDS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
    process.env[name] = local.env[name];
  }
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await local?.stop();
});

function endpoints(maxAttempts: number) {
  const rds = createRdsClient({ maxAttempts });
  clients.push(rds);
  const urls = {
    source: local.sourceUrl,
    target: local.targetUrl,
    targetAdmin: local.targetUrl,
    journal: local.targetUrl,
  };
  return { rds, endpoints: urlEndpoints(urls, { rds }) };
}

it('rides out throttling and 5xx through the SDK retries and still brings the instance into sync', async () => {
  const { rds, endpoints: withRetries } = endpoints(10);
  const group = 'faulty-group';
  const plan = testPlan(
    [
      awsStep('group', 'CreateDBParameterGroup', {
        DBParameterGroupName: group,
        DBParameterGroupFamily: `postgres${local.pgVersion}`,
        Description: 'under faults',
      }),
      awsStep('params', 'ModifyDBParameterGroup', {
        DBParameterGroupName: group,
        Parameters: [
          { ParameterName: 'rds.logical_replication', ParameterValue: '1', ApplyMethod: 'pending-reboot' },
        ],
      }),
      awsStep('attach', 'ModifyDBInstance', {
        DBInstanceIdentifier: INSTANCE,
        DBParameterGroupName: group,
        ApplyImmediately: true,
      }),
      awsStep('reboot', 'RebootDBInstance', { DBInstanceIdentifier: INSTANCE }),
      waitStep('sync', { kind: 'rds-instance-in-sync', instance: INSTANCE }),
    ],
    { environment: 'faults' },
  );
  const result = await applyPlan(plan, withRetries, {
    metadata: { startedBy: 'ci', host: 'runner' },
    pollIntervalMs: 200,
  });
  expect(result.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
  const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: INSTANCE }));
  expect(described.DBInstances?.[0]).toMatchObject({
    DBInstanceStatus: 'available',
    DBParameterGroups: [{ DBParameterGroupName: group, ParameterApplyStatus: 'in-sync' }],
  });
});

it('stops resumably (exit 5) when the faults outlast the retries', async () => {
  const { endpoints: noRetries } = endpoints(1);
  const steps = Array.from({ length: 12 }, (_, i) =>
    awsStep(`params-${i}`, 'ModifyDBParameterGroup', {
      DBParameterGroupName: 'faulty-group',
      Parameters: [
        {
          ParameterName: 'max_logical_replication_workers',
          ParameterValue: String(4 + i),
          ApplyMethod: 'pending-reboot',
        },
      ],
    }),
  );
  const error = await rejection(
    applyPlan(testPlan(steps, { environment: 'faults-exhausted' }), noRetries, {
      metadata: { startedBy: 'ci', host: 'runner' },
    }),
  );
  expect(error.exitCode).toBe(5);
  expect(error.message).toMatch(/failed: the RDS API did not answer: /);
  expect(error.message).toMatch(/stopped; re-run `replctl apply` to resume/);
  const [run] = await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'faults-exhausted' }));
  expect(run?.outcome).toBe('stopped');
});
