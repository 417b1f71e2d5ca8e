import type {
  AwsStep,
  ManualStep,
  Plan,
  RestartStep,
  SqlStep,
  Step,
  WaitCondition,
  WaitStep,
} from '../../../src/planner/plan.js';

/** Plans built by hand, so renderer tests need no planner and no database. */

type Common = Pick<Step, 'id' | 'endpoint' | 'action' | 'summary'> &
  Partial<Pick<Step, 'destructive' | 'reasons' | 'dependsOn' | 'postcondition'>>;

function base(c: Common) {
  return {
    id: c.id,
    endpoint: c.endpoint,
    action: c.action,
    summary: c.summary,
    destructive: c.destructive ?? false,
    reasons: c.reasons ?? [],
    dependsOn: c.dependsOn ?? [],
    ...(c.postcondition === undefined ? {} : { postcondition: c.postcondition }),
  };
}

export function sqlStep(c: Common & { sql: SqlStep['sql']; transactional?: boolean }): SqlStep {
  return { ...base(c), kind: 'sql', sql: c.sql, transactional: c.transactional ?? true };
}

export function awsStep(c: Common & { operation: string; input: Record<string, unknown> }): AwsStep {
  return { ...base(c), kind: 'aws', operation: c.operation, input: c.input, transactional: false };
}

export function restartStep(c: Common): RestartStep {
  return { ...base(c), kind: 'restart', transactional: false };
}

export function waitStep(c: Common & { condition: WaitCondition }): WaitStep {
  return { ...base(c), kind: 'wait', condition: c.condition, transactional: false };
}

export function manualStep(c: Common & { instruction: string }): ManualStep {
  return { ...base(c), kind: 'manual', instruction: c.instruction, transactional: false };
}

const CHECKSUM = (n: number) => n.toString(16).padStart(64, 'a');

export function plan(steps: readonly Step[], overrides: Partial<Omit<Plan, 'steps'>> = {}): Plan {
  const targetVersion = overrides.targetVersion ?? 3;
  return {
    formatVersion: 1,
    toolVersion: '0.1.0',
    environment: 'local',
    targetVersion,
    changesetChecksums: Object.fromEntries(
      Array.from({ length: targetVersion }, (_, i) => [String(i + 1), CHECKSUM(i + 1)]),
    ),
    liveFingerprint: 'f1e2d3c4b5a6',
    createdAt: '2026-11-27T12:00:00.000Z',
    ...overrides,
    steps,
  };
}

/** A value that must never appear in any rendering: nothing in a plan can hold it, by construction. */
export const FAKE_SECRET_VALUE = 'hunter2-never-shown';

/**
 * The seed runbook as a plan: RDS parameter group and reboot, source settings and restart, role with a
 * password reference, grants, publication, target database and table, subscription with a conninfo
 * reference, waits, a manual pg_hba step, and two destructive steps at the end.
 */
export function runbookPlan(): Plan {
  return plan([
    awsStep({
      id: 'rds.parameter-group.logical-replication-pg.create',
      endpoint: 'rds',
      action: '+',
      summary: 'Create parameter group logical-replication-pg',
      reasons: ['target.parameterGroup'],
      operation: 'CreateDBParameterGroup',
      input: {
        DBParameterGroupName: 'logical-replication-pg',
        DBParameterGroupFamily: 'postgres15',
        Description: 'replctl: logical replication',
      },
    }),
    awsStep({
      id: 'rds.parameter-group.logical-replication-pg.parameters',
      endpoint: 'rds',
      action: '~',
      summary: 'Set 3 parameters of logical-replication-pg',
      reasons: [
        'target.parameterGroup.parameters.rds.logical_replication',
        'target.parameterGroup.parameters.max_logical_replication_workers',
        'target.parameterGroup.parameters.max_worker_processes',
      ],
      dependsOn: ['rds.parameter-group.logical-replication-pg.create'],
      operation: 'ModifyDBParameterGroup',
      input: {
        DBParameterGroupName: 'logical-replication-pg',
        Parameters: [
          { ParameterName: 'rds.logical_replication', ParameterValue: '1', ApplyMethod: 'pending-reboot' },
          {
            ParameterName: 'max_logical_replication_workers',
            ParameterValue: '10',
            ApplyMethod: 'pending-reboot',
          },
          { ParameterName: 'max_worker_processes', ParameterValue: '20', ApplyMethod: 'pending-reboot' },
        ],
      },
    }),
    awsStep({
      id: 'rds.instance.reporting-replica.reboot',
      endpoint: 'rds',
      action: 'restart',
      summary: 'Reboot reporting-replica to apply logical-replication-pg',
      reasons: ['target.parameterGroup'],
      dependsOn: ['rds.parameter-group.logical-replication-pg.parameters'],
      operation: 'RebootDBInstance',
      input: { DBInstanceIdentifier: 'reporting-replica' },
    }),
    waitStep({
      id: 'rds.instance.reporting-replica.in-sync',
      endpoint: 'rds',
      action: 'wait',
      summary: 'Wait for reporting-replica',
      dependsOn: ['rds.instance.reporting-replica.reboot'],
      condition: { kind: 'rds-instance-in-sync', instance: 'reporting-replica' },
    }),
    sqlStep({
      id: 'source.settings',
      endpoint: 'source',
      action: '~',
      summary: 'Set wal_level = logical',
      reasons: ['source.settings.wal_level'],
      sql: ["ALTER SYSTEM SET wal_level = 'logical'"],
      transactional: false,
      postcondition: {
        sql: 'SELECT setting = $1 FROM pg_settings WHERE name = $2',
        params: ['logical', 'wal_level'],
      },
    }),
    restartStep({
      id: 'host.restart-source',
      endpoint: 'host',
      action: 'restart',
      summary: 'Restart the source server',
      dependsOn: ['source.settings'],
    }),
    waitStep({
      id: 'source.pending-restart',
      endpoint: 'source',
      action: 'wait',
      summary: 'Wait for the source restart',
      dependsOn: ['host.restart-source'],
      condition: { kind: 'source-no-pending-restart' },
    }),
    sqlStep({
      id: 'source.role.replicator.create',
      endpoint: 'source',
      action: '+',
      summary: 'Create role replicator',
      reasons: ['source.roles.replicator'],
      sql: [
        'CREATE ROLE "replicator" WITH LOGIN REPLICATION PASSWORD ',
        { secretLiteral: { env: 'REPLICATOR_PASSWORD' } },
      ],
    }),
    sqlStep({
      id: 'source.publication.my_publication.create',
      endpoint: 'source',
      action: '+',
      summary: 'Create publication my_publication (2 tables)',
      reasons: ['source.publications.my_publication'],
      sql: [
        'CREATE PUBLICATION "my_publication" FOR TABLE "public"."users", "public"."orders" ("id", "user_id", "total")',
      ],
    }),
    manualStep({
      id: 'source.pg_hba.replicator',
      endpoint: 'source',
      action: 'manual',
      summary: 'Allow replicator in pg_hba.conf',
      instruction:
        'Add to pg_hba.conf on the source, then reload:\nhost app replicator 10.0.0.0/8 scram-sha-256',
    }),
    sqlStep({
      id: 'target-admin.database.app.create',
      endpoint: 'target-admin',
      action: '+',
      summary: 'Create database app',
      reasons: ['target.database'],
      sql: ['CREATE DATABASE "app"'],
      transactional: false,
    }),
    sqlStep({
      id: 'target.table.public.users.create',
      endpoint: 'target',
      action: '+',
      summary: 'Create table public.users',
      reasons: ['target.tables.public.users'],
      sql: ['CREATE TABLE "public"."users" (\n  "id" bigint NOT NULL,\n  "email" text\n)'],
    }),
    sqlStep({
      id: 'target.subscription.my_subscription.create',
      endpoint: 'target',
      action: '+',
      summary: 'Create subscription my_subscription',
      reasons: ['target.subscriptions.my_subscription'],
      sql: [
        'CREATE SUBSCRIPTION "my_subscription" CONNECTION ',
        {
          conninfoLiteral: {
            host: '127.0.0.1',
            port: { env: 'SOURCE_PORT' },
            dbname: 'app',
            user: 'replicator',
            password: { env: 'REPLICATOR_PASSWORD' },
            sslmode: 'require',
          },
        },
        ' PUBLICATION "my_publication"',
      ],
      transactional: false,
    }),
    waitStep({
      id: 'target.subscription.my_subscription.synced',
      endpoint: 'target',
      action: 'wait',
      summary: 'Wait for the initial copy of my_subscription',
      condition: { kind: 'subscription-synced', subscription: 'my_subscription' },
    }),
    sqlStep({
      id: 'source.grant.replicator.revoke-select',
      endpoint: 'source',
      action: '-',
      summary: 'Revoke SELECT on public.legacy from replicator',
      destructive: true,
      reasons: ['source.grants.replicator.select.public.legacy'],
      sql: ['REVOKE SELECT ON "public"."legacy" FROM "replicator"'],
    }),
    sqlStep({
      id: 'source.publication.old_pub.drop',
      endpoint: 'source',
      action: '-',
      summary: 'Drop publication old_pub',
      destructive: true,
      reasons: ['source.publications.old_pub'],
      sql: ['DROP PUBLICATION "old_pub"'],
    }),
  ]);
}

/** Names that need quoting or escaping in every output form. */
export function awkwardNamesPlan(): Plan {
  return plan(
    [
      sqlStep({
        id: 'source.publication.My Pub|*x*.create',
        endpoint: 'source',
        action: '+',
        summary: 'Create publication "My Pub|*x*" for "my.schema"."Order ""x""" <b>@ops #12 `tick`',
        reasons: ['source.publications.My Pub|*x*'],
        sql: ['CREATE PUBLICATION "My Pub|*x*" FOR TABLE "my.schema"."Order ""x""" -- ``` not a fence end'],
      }),
      waitStep({
        id: 'target.subscription.My Sub.synced',
        endpoint: 'target',
        action: 'wait',
        summary: 'Wait for "My Sub"',
        condition: { kind: 'subscription-synced', subscription: 'My Sub' },
      }),
      sqlStep({
        id: 'source.table.evil',
        endpoint: 'source',
        action: '~',
        summary: 'Alter table "x\u001b[2Jy"\nsecond line \u202eevil',
        sql: ['ALTER TABLE "x\u001b[2Jy" REPLICA IDENTITY FULL'],
      }),
    ],
    { environment: 'prod|eu <main>' },
  );
}

/** `n` steps of 20-odd lines each, in runs of 50 per endpoint, every tenth destructive. */
export function largePlan(n: number): Plan {
  return plan(
    Array.from({ length: n }, (_, i) =>
      sqlStep({
        id: `target.table.public.t${i}.create`,
        endpoint: Math.floor(i / 50) % 2 === 0 ? 'source' : 'target',
        action: i % 10 === 9 ? '-' : '+',
        destructive: i % 10 === 9,
        summary: `${i % 10 === 9 ? 'Drop' : 'Create'} table public.t${i}`,
        reasons: [`target.tables.public.t${i}`],
        sql: [
          `CREATE TABLE "public"."t${i}" (\n${Array.from({ length: 20 }, (_, c) => `  "c${c}" integer`).join(',\n')}\n)`,
        ],
      }),
    ),
  );
}
