import { DescribeDBInstancesCommand, RDSClient, RebootDBInstanceCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApplyOptions,
  applyPlan,
  listRuns,
  listSteps,
  type SourceRestart,
} from '../../../src/apply/index.js';
import { withClient } from '../../../src/local/with-client.js';
import type { ManualStep } from '../../../src/planner/plan.js';
import {
  type EndpointUrls,
  inDatabase,
  journalText,
  recordingProgress,
  urlEndpoints,
} from '../../support/apply-endpoints.js';
import {
  awsStep,
  dependingOn,
  restartStep,
  secret,
  sqlStep,
  testPlan,
  waitStep,
} from '../../support/apply-plans.js';
import { rejection } from '../../support/apply-waiting.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

const INSTANCE = 'reporting-replica';
const GROUP = 'logical-replication-pg';

let local: TestLocalEnv;
let rds: RDSClient;
let urls: EndpointUrls;
let restartCommand: SourceRestart;
const metadata = { startedBy: 'dba', host: 'laptop' };
const fast: Partial<ApplyOptions> = { pollIntervalMs: 200 };

beforeAll(async () => {
  local = await startLocalEnv();
  rds = new RDSClient({
    region: 'us-east-1',
    endpoint: local.rdsEndpointUrl,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 5,
  });
  urls = {
    source: local.sourceUrl,
    target: inDatabase(local.targetUrl, 'app'),
    targetAdmin: local.targetUrl,
    journal: local.targetUrl,
  };
  restartCommand = {
    kind: 'command',
    description: 'replctl local restart source',
    run: async () => {
      await local.environment.source.restart();
    },
  };
});
afterAll(async () => {
  rds?.destroy();
  await local?.stop();
});

const secrets = () => ({ REPLICATOR_PASSWORD: local.replicatorPassword });

function endpoints(overrides: { restart?: SourceRestart; urls?: Partial<EndpointUrls> } = {}) {
  return urlEndpoints(
    { ...urls, ...overrides.urls },
    { secrets: secrets(), rds, restart: overrides.restart ?? restartCommand },
  );
}

const onSource = <T>(sql: string) =>
  withClient(local.sourceUrl, async (c) => (await c.query(sql)).rows as T[]);

describe('the runbook as a plan', () => {
  it('restarts the source, reboots RDS with a new group, creates publication and subscription, and waits for sync', async () => {
    const family = `postgres${local.pgVersion}`;
    const conninfo = {
      conninfoLiteral: {
        host: '127.0.0.1',
        port: String(local.sourcePort),
        dbname: 'app',
        user: 'replicator',
        password: { env: 'REPLICATOR_PASSWORD' },
      },
    };
    const plan = testPlan(
      [
        sqlStep('source.settings', 'source', 'ALTER SYSTEM SET wal_level = logical', {
          transactional: false,
        }),
        sqlStep('source.reload', 'source', 'SELECT pg_reload_conf()', { transactional: false }),
        restartStep('source.restart'),
        waitStep('source.restart.wait', { kind: 'source-no-pending-restart' }),
        awsStep('rds.group.create', 'CreateDBParameterGroup', {
          DBParameterGroupName: GROUP,
          DBParameterGroupFamily: family,
          Description: 'logical replication',
        }),
        awsStep('rds.group.parameters', 'ModifyDBParameterGroup', {
          DBParameterGroupName: GROUP,
          Parameters: [
            { ParameterName: 'rds.logical_replication', ParameterValue: '1', ApplyMethod: 'pending-reboot' },
            {
              ParameterName: 'max_logical_replication_workers',
              ParameterValue: '10',
              ApplyMethod: 'pending-reboot',
            },
          ],
        }),
        awsStep('rds.instance.group', 'ModifyDBInstance', {
          DBInstanceIdentifier: INSTANCE,
          DBParameterGroupName: GROUP,
          ApplyImmediately: true,
        }),
        awsStep('rds.reboot', 'RebootDBInstance', { DBInstanceIdentifier: INSTANCE }),
        waitStep('rds.wait', { kind: 'rds-instance-in-sync', instance: INSTANCE }),
        sqlStep('source.role', 'source', [
          'CREATE ROLE replicator LOGIN REPLICATION PASSWORD ',
          secret('REPLICATOR_PASSWORD'),
        ]),
        dependingOn(
          sqlStep('source.grants', 'source', 'GRANT SELECT ON public.users, public.orders TO replicator'),
          'source.role',
        ),
        sqlStep(
          'source.publication',
          'source',
          'CREATE PUBLICATION my_publication FOR TABLE public.users, public.orders',
        ),
        sqlStep('target.database', 'target-admin', 'CREATE DATABASE app', { transactional: false }),
        dependingOn(
          sqlStep(
            'target.users',
            'target',
            'CREATE TABLE public.users (id bigint PRIMARY KEY, email text, name text, created_at timestamptz)',
          ),
          'target.database',
        ),
        dependingOn(
          sqlStep(
            'target.orders',
            'target',
            'CREATE TABLE public.orders (id bigint PRIMARY KEY, user_id bigint, total numeric(12,2), status text, created_at timestamptz)',
          ),
          'target.database',
        ),
        dependingOn(
          sqlStep(
            'target.subscription',
            'target',
            ['CREATE SUBSCRIPTION my_subscription CONNECTION ', conninfo, ' PUBLICATION my_publication'],
            { transactional: false },
          ),
          'source.role',
          'source.grants',
          'source.publication',
          'target.users',
          'target.orders',
        ),
        waitStep('target.subscription.sync', {
          kind: 'subscription-synced',
          subscription: 'my_subscription',
        }),
      ],
      { environment: 'local' },
    );
    const progress = recordingProgress();
    const result = await applyPlan(plan, endpoints(), { metadata, progress, ...fast });
    expect(result.steps.filter((s) => s.status !== 'done')).toEqual([]);
    expect(result.steps.find((s) => s.stepId === 'rds.reboot')?.note).toBe('reboot requested');

    expect((await onSource<{ wal_level: string }>('SHOW wal_level'))[0]!.wal_level).toBe('logical');
    const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: INSTANCE }));
    expect(described.DBInstances?.[0]).toMatchObject({
      DBInstanceStatus: 'available',
      DBParameterGroups: [{ DBParameterGroupName: GROUP, ParameterApplyStatus: 'in-sync' }],
    });
    const count = `SELECT (SELECT count(*) FROM public.users)::int AS users, (SELECT count(*) FROM public.orders)::int AS orders`;
    const sourceCounts = await onSource(count);
    const targetCounts = await withClient(
      local.targetAdminUrl('app'),
      async (c) => (await c.query(count)).rows,
    );
    expect(targetCounts).toEqual(sourceCounts);
    expect(sourceCounts[0]).toEqual({ users: 500, orders: 800 });

    // The reboot restarted the journal's own server mid-run; the journal still has every step.
    const [run] = await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'local' }));
    const restartedAt = await withClient(
      local.targetUrl,
      async (c) => (await c.query('SELECT pg_postmaster_start_time() AS t')).rows[0].t as Date,
    );
    expect(restartedAt.getTime()).toBeGreaterThan(run!.startedAt.getTime());
    expect(restartedAt.getTime()).toBeLessThan(run!.finishedAt!.getTime());
    const steps = await withClient(local.targetUrl, (c) => listSteps(c, result.runId));
    expect(steps).toHaveLength(plan.steps.length);
    expect(steps.every((s) => s.status === 'done')).toBe(true);
    expect(steps.find((s) => s.stepId === 'target.subscription')?.statement).toContain(
      "password=<secret env:REPLICATOR_PASSWORD>'",
    );
    expect(
      progress.events.some((e) => e.kind === 'waiting' && /pending-reboot|rebooting/.test(e.status)),
    ).toBe(true);
    expect(progress.events.some((e) => e.kind === 'waiting' && /\d+\/2 tables ready/.test(e.status))).toBe(
      true,
    );
    expect(await journalText(local.targetUrl)).not.toContain(local.replicatorPassword);
    expect(JSON.stringify(progress.events)).not.toContain(local.replicatorPassword);
  });

  it('waits for a reboot an interrupted run had requested instead of rebooting again', async () => {
    // As if an earlier process journaled the reboot's intent, sent it, and died: the journal on
    // the source this time, since the target is what reboots.
    const journalUrl = local.sourceAdminUrl('postgres');
    const plan = testPlan(
      [
        awsStep('rds.reboot', 'RebootDBInstance', { DBInstanceIdentifier: INSTANCE }),
        waitStep('rds.wait', { kind: 'rds-instance-in-sync', instance: INSTANCE }),
      ],
      { environment: 'reboot-in-flight' },
    );
    await applyPlan(
      testPlan([], { environment: 'reboot-in-flight' }),
      endpoints({ urls: { journal: journalUrl } }),
      {
        metadata,
      },
    );
    await withClient(journalUrl, async (c) => {
      await c.query(
        `INSERT INTO replctl.runs (id, kind, environment, started_by, host, tool_version, target_version, plan_hash,
                                   started_at, outcome)
         VALUES ('00000000-0000-4000-8000-000000000001', 'apply', 'reboot-in-flight', 'gone', 'h', 't', 1, 'p',
                 now(), 'running')`,
      );
      await c.query(
        `INSERT INTO replctl.steps (run_id, step_id, position, kind, endpoint, summary, status, started_at)
         VALUES ('00000000-0000-4000-8000-000000000001', 'rds.reboot', 0, 'aws', 'rds', 'reboot', 'intent', now())`,
      );
    });
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: INSTANCE }));

    const result = await applyPlan(plan, endpoints({ urls: { journal: journalUrl } }), { metadata, ...fast });
    expect(result.crashedRuns).toEqual(['00000000-0000-4000-8000-000000000001']);
    const note = result.steps.find((s) => s.stepId === 'rds.reboot')?.note;
    expect(note).toMatch(
      /^(a reboot was already under way; waited for it|the reboot an earlier run requested (has completed|was under way; waited for it))$/,
    );
  });

  it('fails an AWS step with the API error, journaled, exit 1', async () => {
    const plan = testPlan(
      [
        awsStep('rds.missing', 'ModifyDBParameterGroup', {
          DBParameterGroupName: 'no-such-group',
          Parameters: [
            { ParameterName: 'max_worker_processes', ParameterValue: '20', ApplyMethod: 'pending-reboot' },
          ],
        }),
      ],
      { environment: 'aws-error' },
    );
    const error = await rejection(applyPlan(plan, endpoints(), { metadata }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/step rds.missing failed: .*no-such-group/i);
    const [run] = await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'aws-error' }));
    expect(run?.outcome).toBe('failed');
  });
});

describe('source restarts and waits', () => {
  it('stops at a manual restart with exit 5 and resumes once an operator restarted the source', async () => {
    await onSource(`ALTER SYSTEM SET max_wal_senders = 12`);
    await onSource('SELECT pg_reload_conf()');
    const plan = testPlan(
      [restartStep('source.restart'), waitStep('source.restart.wait', { kind: 'source-no-pending-restart' })],
      { environment: 'manual-restart' },
    );
    const manual = endpoints({ restart: { kind: 'manual' } });
    const stop = await rejection(applyPlan(plan, manual, { metadata, ...fast }));
    expect(stop.exitCode).toBe(5);
    expect(stop.message).toMatch(
      /step source.restart needs an operator: Restart the source PostgreSQL server now so that max_wal_senders take effect/,
    );
    expect(stop.message).toMatch(/re-run `replctl apply` to resume/);
    const [run] = await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'manual-restart' }));
    expect(run?.outcome).toBe('stopped');
    const [step] = await withClient(local.targetUrl, (c) => listSteps(c, run!.id));
    expect(step).toMatchObject({ stepId: 'source.restart', status: 'stopped' });

    // Re-running before the operator acts stops again; after the restart it goes through.
    await expect(applyPlan(plan, manual, { metadata, ...fast })).rejects.toMatchObject({ exitCode: 5 });
    await local.environment.source.restart();
    const resumed = await applyPlan(plan, manual, { metadata, ...fast });
    expect(resumed.steps).toEqual([
      { stepId: 'source.restart', status: 'done', note: 'the source was restarted by an operator' },
      {
        stepId: 'source.restart.wait',
        status: 'done',
        note: expect.stringMatching(/^condition met after/) as unknown as string,
      },
    ]);
    expect((await onSource<{ max_wal_senders: string }>('SHOW max_wal_senders'))[0]!.max_wal_senders).toBe(
      '12',
    );
  });

  it('times out a wait cleanly with what it last saw, exit 5', async () => {
    await onSource(`ALTER SYSTEM SET max_wal_senders = 13`);
    await onSource('SELECT pg_reload_conf()');
    const plan = testPlan([waitStep('source.restart.wait', { kind: 'source-no-pending-restart' })], {
      environment: 'wait-timeout',
    });
    const started = Date.now();
    const error = await rejection(
      applyPlan(plan, endpoints(), {
        metadata,
        pollIntervalMs: 200,
        waitTimeoutsMs: { 'source-no-pending-restart': 1500 },
      }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.exitCode).toBe(5);
    expect(error.message).toMatch(
      /step source.restart.wait failed: Timed out after 2s waiting for the source to be up with no setting pending a restart; last seen: source settings pending a restart: max_wal_senders\./,
    );
    expect(error.message).toMatch(/stopped; re-run `replctl apply` to resume/);
    const [run] = await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'wait-timeout' }));
    expect(run?.outcome).toBe('stopped');
    await local.environment.source.restart();
  });

  it('a manual step stops with its instruction, and a re-run after the stop confirms it', async () => {
    const manualStep: ManualStep = {
      id: 'source.hba',
      kind: 'manual',
      endpoint: 'host',
      action: 'manual',
      summary: 'allow the subscription in pg_hba.conf',
      destructive: false,
      reasons: [],
      dependsOn: [],
      instruction: 'Add `host app replicator 10.0.0.0/8 scram-sha-256` to pg_hba.conf and reload.',
      transactional: false,
    };
    const plan = testPlan([manualStep], { environment: 'manual-step' });
    const stop = await rejection(applyPlan(plan, endpoints(), { metadata }));
    expect(stop.exitCode).toBe(5);
    expect(stop.message).toContain(
      'Add `host app replicator 10.0.0.0/8 scram-sha-256` to pg_hba.conf and reload.',
    );
    // A run in between that ran no step does not hide the stop.
    await applyPlan(testPlan([], { environment: 'manual-step' }), endpoints(), { metadata });
    const again = await applyPlan(plan, endpoints(), { metadata });
    expect(again.steps).toEqual([
      { stepId: 'source.hba', status: 'done', note: 'confirmed by re-running apply after the stop' },
    ]);
  });
});
