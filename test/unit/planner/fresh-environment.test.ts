import { describe, expect, it } from 'vitest';
import type { SqlStep } from '../../../src/planner/plan.js';
import {
  context,
  freshSettings,
  ids,
  lines,
  liveState,
  planFor,
  rds,
  runbookDesired,
  runbookLive,
  stepById,
} from './builders.js';

/** A fresh source (wal_level replica), no target database, the RDS instance on its default group. */
function freshLive() {
  return liveState({
    source: { settings: freshSettings() },
    target: { databaseExists: false, schemas: [] },
    rds: rds({}),
  });
}

describe('the fresh-environment plan is the runbook (seed 000), in a valid order', () => {
  const result = planFor(runbookDesired(), freshLive());

  it('has every runbook step with its exact SQL or AWS call', () => {
    expect(lines(result)).toEqual([
      // 1.1 postgresql.conf, 1.3 restart
      `source.setting.max_replication_slots.set: ALTER SYSTEM SET "max_replication_slots" = '10';`,
      `source.setting.max_wal_senders.set: ALTER SYSTEM SET "max_wal_senders" = '10';`,
      `source.setting.wal_level.set: ALTER SYSTEM SET "wal_level" = 'logical';`,
      'source.settings.reload: SELECT pg_catalog.pg_reload_conf();',
      'source.restart: restart',
      'source.restart.wait: wait {"kind":"source-no-pending-restart"}',
      // 2.1 parameter group, 2.2 attach and reboot
      'rds.parameter-group.logical-replication-pg.create: CreateDBParameterGroup {"DBParameterGroupName":"logical-replication-pg","DBParameterGroupFamily":"postgres16","Description":"Parameter group for logical replication"}',
      'rds.parameter-group.logical-replication-pg.modify.1: ModifyDBParameterGroup {"DBParameterGroupName":"logical-replication-pg","Parameters":[{"ParameterName":"max_logical_replication_workers","ParameterValue":"10","ApplyMethod":"pending-reboot"},{"ParameterName":"max_worker_processes","ParameterValue":"20","ApplyMethod":"pending-reboot"},{"ParameterName":"rds.logical_replication","ParameterValue":"1","ApplyMethod":"pending-reboot"}]}',
      'rds.instance.reporting-replica.attach-parameter-group: ModifyDBInstance {"DBInstanceIdentifier":"reporting-replica","DBParameterGroupName":"logical-replication-pg","ApplyImmediately":true}',
      'rds.instance.reporting-replica.reboot: RebootDBInstance {"DBInstanceIdentifier":"reporting-replica"}',
      'rds.instance.reporting-replica.wait-in-sync: wait {"kind":"rds-instance-in-sync","instance":"reporting-replica"}',
      // 1.4 role and grants
      `source.role.replicator.create: CREATE ROLE "replicator" WITH LOGIN REPLICATION PASSWORD <secret env:REPLICATOR_PASSWORD>;\nCOMMENT ON ROLE "replicator" IS 'replctl:v1:scrypt:c2FsdA:role-fingerprint';`,
      'source.grant.replicator.connect: GRANT CONNECT ON DATABASE "app" TO "replicator";',
      'source.grant.replicator.usage: GRANT USAGE ON SCHEMA "public" TO "replicator";',
      'source.grant.replicator.select: GRANT SELECT ON TABLE "public"."orders", "public"."users" TO "replicator";',
      // 2.3 database and tables (the published columns only: orders has a column list)
      'target.database.app.create: CREATE DATABASE "app";',
      'target.tables.create: CREATE TABLE "public"."orders" ("id" bigint NOT NULL, "user_id" bigint NOT NULL, "total" numeric(10,2), PRIMARY KEY ("id"));\n' +
        'CREATE TABLE "public"."users" ("id" bigint NOT NULL, "email" text NOT NULL, "name" text, PRIMARY KEY ("id"));',
      // 1.5 publication
      `source.publication.my_publication.create: CREATE PUBLICATION "my_publication" FOR TABLE "public"."orders" ("id", "user_id", "total"), "public"."users" WITH (publish = 'insert, update, delete, truncate');`,
      // 3.1 subscription, 3.2 status
      `target.subscription.my_subscription.create: CREATE SUBSCRIPTION "my_subscription" CONNECTION 'host=10.0.0.5 port=5432 dbname=app user=replicator password=<secret env:REPLICATOR_PASSWORD> sslmode=require' PUBLICATION "my_publication";`,
      `target.subscription.my_subscription.record-connection: COMMENT ON SUBSCRIPTION "my_subscription" IS 'replctl:v1:scrypt:c2FsdA:subscription-fingerprint';`,
      'target.subscription.my_subscription.wait-synced: wait {"kind":"subscription-synced","subscription":"my_subscription"}',
    ]);
  });

  it('runs in autocommit exactly what PostgreSQL refuses in a transaction block', () => {
    const autocommit = result.steps
      .filter((s): s is SqlStep => s.kind === 'sql' && !s.transactional)
      .map((s) => s.id);
    expect(autocommit).toEqual([
      'source.setting.max_replication_slots.set',
      'source.setting.max_wal_senders.set',
      'source.setting.wal_level.set',
      'target.database.app.create',
      'target.subscription.my_subscription.create',
    ]);
    expect(result.steps.every((s) => !s.destructive)).toBe(true);
  });

  it('runs each step on its endpoint', () => {
    expect(stepById(result, 'source.restart').endpoint).toBe('host');
    expect(stepById(result, 'target.database.app.create').endpoint).toBe('target-admin');
    expect(stepById(result, 'rds.instance.reporting-replica.reboot').endpoint).toBe('rds');
    expect(stepById(result, 'target.tables.create').endpoint).toBe('target');
  });

  it('links each step to the steps it needs', () => {
    expect(stepById(result, 'source.settings.reload').dependsOn).toEqual([
      'source.setting.max_replication_slots.set',
      'source.setting.max_wal_senders.set',
      'source.setting.wal_level.set',
    ]);
    expect(stepById(result, 'rds.instance.reporting-replica.reboot').dependsOn).toEqual([
      'rds.parameter-group.logical-replication-pg.modify.1',
      'rds.instance.reporting-replica.attach-parameter-group',
    ]);
    expect(stepById(result, 'target.subscription.my_subscription.create').dependsOn).toEqual([
      'source.restart.wait',
      'rds.instance.reporting-replica.wait-in-sync',
      'source.role.replicator.create',
      'source.grant.replicator.connect',
      'source.grant.replicator.usage',
      'source.grant.replicator.select',
      'target.database.app.create',
      'target.tables.create',
      'source.publication.my_publication.create',
    ]);
  });

  it('explains each step with desired-state paths', () => {
    expect(stepById(result, 'source.grant.replicator.select').reasons).toEqual([
      'source.grants.replicator.select."public.orders"',
      'source.grants.replicator.select."public.users"',
    ]);
    expect(stepById(result, 'source.restart').reasons).toEqual([
      'source.settings.max_replication_slots',
      'source.settings.max_wal_senders',
      'source.settings.wal_level',
    ]);
  });

  it('carries the plan metadata', () => {
    expect(result).toMatchObject({
      formatVersion: 1,
      toolVersion: '0.1.0',
      environment: 'local',
      targetVersion: 1,
      changesetChecksums: { '1': 'sha256:aaaa' },
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    expect(result.liveFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is the same plan, ids included, when made again', () => {
    expect(planFor(runbookDesired(), freshLive())).toEqual(result);
  });

  it('asks an operator to restart when the environment says manual', () => {
    const manual = planFor(runbookDesired(), freshLive(), { context: context({ restart: 'manual' }) });
    const step = stepById(manual, 'source.restart');
    expect(step).toMatchObject({
      kind: 'manual',
      endpoint: 'host',
      instruction:
        'Restart the source PostgreSQL server so that max_replication_slots, max_wal_senders, wal_level take effect, then run replctl apply again.',
    });
    expect(ids(manual).indexOf('source.restart.wait')).toBe(ids(manual).indexOf('source.restart') + 1);
  });
});

describe('a converged environment', () => {
  it('plans nothing when live equals desired', () => {
    expect(planFor(runbookDesired(), runbookLive()).steps).toEqual([]);
  });

  it('plans nothing when every changeset is in scope and nothing was removed', () => {
    const desired = runbookDesired();
    expect(
      planFor(desired, runbookLive(), {
        documents: [desired, { source: { settings: { wal_level: 'logical' } } }],
      }).steps,
    ).toEqual([]);
  });
});
