import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateDBParameterGroupCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RDSClient,
  RebootDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { quoteLiteral } from '../../src/sql/quote.js';
import { buildOnce } from '../support/build-once.js';
import {
  eventually,
  startLocalEnv,
  type TestLocalEnv,
  testPgVersions,
  withDatabase,
} from '../support/local-env.js';
import { type CliResult, replctl } from '../support/replctl-cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One local environment and a project with replctl.yaml (copied from the repository) but no changesets. */
interface World {
  readonly local: TestLocalEnv;
  readonly project: string;
  readonly env: Record<string, string>;
  /** The replicated database on the target, as the RDS master login. */
  readonly targetApp: string;
}

async function startWorld(pgVersion: TestLocalEnv['pgVersion']): Promise<World> {
  const [local] = await Promise.all([startLocalEnv({ pgVersion }), buildOnce()]);
  const project = await mkdtemp(join(tmpdir(), 'replctl-import-'));
  await writeFile(join(project, 'replctl.yaml'), await readFile(join(repoRoot, 'replctl.yaml'), 'utf8'));
  // `replctl local restart source` (replctl.yaml's restart command) finds the environment here.
  await mkdir(join(project, '.replctl'));
  await symlink(local.root, join(project, '.replctl', 'local'));
  const inherited = ['PATH', 'HOME', 'USER', 'TMPDIR', 'REPLCTL_PG_USER'].flatMap((n) =>
    process.env[n] ? [[n, process.env[n]!] as const] : [],
  );
  return {
    local,
    project,
    env: { ...Object.fromEntries(inherited), ...local.env, NO_COLOR: '1' },
    targetApp: withDatabase(local.targetUrl, 'app'),
  };
}

const output = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

/** Column lists are PostgreSQL 15+: before, orders is published (and created on the target) whole. */
const ORDERS_COLUMNS = (major: number) =>
  major >= 15 ? 'id bigint PRIMARY KEY, user_id bigint, total numeric(12,2)' : ORDERS_ALL_COLUMNS;
const ORDERS_ALL_COLUMNS =
  'id bigint PRIMARY KEY, user_id bigint, total numeric(12,2), status text, created_at timestamptz';

/** The seed runbook, by hand: SQL on both servers and the RDS API through the AWS SDK. */
async function setUpByHand({ local, targetApp }: World): Promise<void> {
  await withClient(local.sourceUrl, async (c) => {
    await c.query('ALTER SYSTEM SET wal_level = logical');
    await c.query('ALTER SYSTEM SET max_replication_slots = 10');
    await c.query('ALTER SYSTEM SET max_wal_senders = 10');
  });
  await local.environment.source.restart();
  await withClient(local.sourceUrl, async (c) => {
    await c.query(
      `CREATE ROLE replicator WITH LOGIN PASSWORD ${quoteLiteral(local.replicatorPassword)} REPLICATION`,
    );
    await c.query('GRANT CONNECT ON DATABASE app TO replicator');
    await c.query('GRANT USAGE ON SCHEMA public TO replicator');
    await c.query('GRANT SELECT ON public.users, public.orders TO replicator');
    const orders = local.pgVersion >= 15 ? 'public.orders (id, user_id, total)' : 'public.orders';
    await c.query(`CREATE PUBLICATION my_publication FOR TABLE public.users, ${orders}`);
  });
  await parameterGroupByHand(local);
  await withClient(local.targetUrl, (c) => c.query('CREATE DATABASE app'));
  await withClient(targetApp, async (c) => {
    await c.query(
      'CREATE TABLE public.users (id bigint PRIMARY KEY, email text, name text, created_at timestamptz)',
    );
    await c.query(`CREATE TABLE public.orders (${ORDERS_COLUMNS(local.pgVersion)})`);
    const conninfo = `host=127.0.0.1 port=${local.sourcePort} dbname=app user=replicator password=${local.replicatorPassword} sslmode=prefer`;
    await c.query(
      `CREATE SUBSCRIPTION my_subscription CONNECTION ${quoteLiteral(conninfo)} PUBLICATION my_publication`,
    );
  });
  await waitSynced(targetApp, 2);
}

/** Runbook step 2: a parameter group with logical replication on, attached, the instance rebooted. */
async function parameterGroupByHand(local: TestLocalEnv): Promise<void> {
  const rds = new RDSClient({
    endpoint: local.rdsEndpointUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  const instance = async () =>
    (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'reporting-replica' })))
      .DBInstances?.[0];
  try {
    await rds.send(
      new CreateDBParameterGroupCommand({
        DBParameterGroupName: 'logical-replication-pg',
        DBParameterGroupFamily: `postgres${local.pgVersion}`,
        Description: 'Parameter group for logical replication',
      }),
    );
    await rds.send(
      new ModifyDBParameterGroupCommand({
        DBParameterGroupName: 'logical-replication-pg',
        Parameters: [
          ['rds.logical_replication', '1'],
          ['max_logical_replication_workers', '10'],
          ['max_worker_processes', '20'],
        ].map(([ParameterName, ParameterValue]) => ({
          ParameterName,
          ParameterValue,
          ApplyMethod: 'pending-reboot',
        })),
      }),
    );
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: 'reporting-replica',
        DBParameterGroupName: 'logical-replication-pg',
        ApplyImmediately: true,
      }),
    );
    // As in the console: the modification finishes, then the instance is rebooted and waited for.
    await eventually(
      'the instance available again',
      async () => (await instance())?.DBInstanceStatus === 'available',
    );
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'reporting-replica' }));
    await eventually(
      'the instance available with its parameters in-sync',
      async () => {
        const db = await instance();
        return (
          db?.DBInstanceStatus === 'available' &&
          db.DBParameterGroups?.[0]?.ParameterApplyStatus === 'in-sync'
        );
      },
      120_000,
    );
  } finally {
    rds.destroy();
  }
}

async function waitSynced(targetApp: string, tables: number): Promise<void> {
  await withClient(targetApp, (c) =>
    eventually('every table of my_subscription in state r', async () => {
      const { rows } = await c.query(
        `SELECT count(*) FILTER (WHERE r.srsubstate = 'r')::int AS ready, count(*)::int AS total
           FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid
          WHERE s.subname = 'my_subscription'`,
      );
      return rows[0].total === tables && rows[0].ready === tables;
    }),
  );
}

async function rowCount(url: string, table: string): Promise<number> {
  return withClient(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
}

async function roleComment(local: TestLocalEnv): Promise<string | null> {
  return withClient(local.sourceUrl, async (c) => {
    const { rows } = await c.query(
      "SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = 'replicator'",
    );
    return rows[0].comment;
  });
}

for (const major of testPgVersions([17])) {
  describe.sequential(`replctl import on PostgreSQL ${major}: a setup built by hand comes under replctl`, () => {
    let w: World;
    const run = (...args: string[]) => replctl(args, { project: w.project, env: w.env });
    const files = async () => (await readdir(join(w.project, 'changesets'))).sort();
    const changeset = (name: string) => readFile(join(w.project, 'changesets', name), 'utf8');

    beforeAll(async () => {
      w = await startWorld(major);
    });
    afterAll(async () => {
      await w?.local.stop();
      if (w) await rm(w.project, { recursive: true, force: true });
    });

    it('with a REPLICATOR_PASSWORD the source refuses, records nothing and says plan would set the password', async () => {
      await setUpByHand(w);
      const wrong = 'not-the-password-0f3a';
      const result = await replctl(['import'], {
        project: w.project,
        env: { ...w.env, REPLICATOR_PASSWORD: wrong },
      });
      expect(result.code, output(result)).toBe(0);
      expect(result.stderr).toContain(
        'role replicator: the source refused env:REPLICATOR_PASSWORD as the password: no fingerprint recorded, and plan will show ALTER ROLE replicator PASSWORD',
      );
      expect(result.stdout).toMatch(/it will still show 2 steps \(see the notes\)/);
      for (const printed of [result.stdout, result.stderr, await changeset('0001-imported.yaml')]) {
        expect(printed).not.toContain(wrong);
        expect(printed).not.toContain(w.local.replicatorPassword);
      }
      expect(await roleComment(w.local)).toBeNull();
      await rm(join(w.project, 'changesets', '0001-imported.yaml'));
    });

    it('imports it in one command, writing a validated changeset that names no secret', async () => {
      const imported = await run('import');
      expect(imported.code, output(imported)).toBe(0);
      expect(imported.stdout).toContain('Wrote changesets/0001-imported.yaml (changeset version 1).');
      expect(imported.stdout).toContain('it should find nothing to change');
      expect(await files()).toEqual(['0001-imported.yaml']);

      const text = await changeset('0001-imported.yaml');
      expect(text).toMatch(/^# yaml-language-server: \$schema=\S+\/schemas\/changeset\.schema\.json\n/);
      expect(text).toContain('# From the source: database app at 127.0.0.1:');
      expect(text).toContain('# Attached to RDS instance reporting-replica (us-east-1)');
      expect(text).toContain(
        'replicator: { login: true, replication: true, password: { env: REPLICATOR_PASSWORD } }',
      );
      expect(text).toContain(
        'settings: { wal_level: logical, max_replication_slots: 10, max_wal_senders: 10 }',
      );
      expect(text).toContain(
        major >= 15 ? 'public.orders: { columns: [ id, user_id, total ] }' : '        public.orders: {}',
      );
      expect(text).toContain('public.orders: { from: source }');
      expect(text).toContain('my_subscription: { publications: [ my_publication ], enabled: true }');
      expect(text).toContain(
        [
          `    family: postgres${major}`,
          '    description: Parameter group for logical replication',
          '    parameters:',
          '      max_logical_replication_workers: 10',
          '      max_worker_processes: 20',
          '      rds.logical_replication: 1',
        ].join('\n'),
      );
      for (const printed of [text, imported.stdout, imported.stderr]) {
        expect(printed).not.toContain(w.local.replicatorPassword);
      }
      expect(imported.stderr).toContain(
        'role replicator: recorded a fingerprint of env:REPLICATOR_PASSWORD in its COMMENT (the source accepted it); the password itself is unchanged',
      );
      expect(await roleComment(w.local)).toMatch(/^replctl:v1:scrypt:/);

      const validated = await run('validate');
      expect(validated.code, output(validated)).toBe(0);
    });

    it('leaves nothing for plan to do, and changed no password: rows still stream', async () => {
      const plan = await run('plan', '--detailed-exitcode');
      expect(plan.code, output(plan)).toBe(0);
      await withClient(w.local.sourceUrl, (c) =>
        c.query('INSERT INTO public.users (id, email, name) VALUES (100001, $1, $2)', [
          'new@example.com',
          'New',
        ]),
      );
      await eventually(
        'the new user on the target',
        async () => (await rowCount(w.targetApp, 'public.users')) === 501,
      );
    });

    it('applies a later hand-written changeset cleanly: public.invoices replicates', async () => {
      await writeFile(
        join(w.project, 'changesets', '0002-add-invoices.yaml'),
        [
          'version: 2',
          'description: Replicate invoices',
          'source:',
          '  grants: { replicator: { select: { public.invoices: {} } } }',
          '  publications: { my_publication: { tables: { public.invoices: {} } } }',
          'target:',
          '  tables: { public.invoices: { from: source } }',
          '',
        ].join('\n'),
      );
      const plan = await run('plan', '--detailed-exitcode');
      expect(plan.code, output(plan)).toBe(2);
      expect(plan.stdout).not.toMatch(/PASSWORD|CONNECTION|DROP|REVOKE/);
      const apply = await run('apply', '--auto-approve');
      expect(apply.code, output(apply)).toBe(0);
      expect(await rowCount(w.targetApp, 'public.invoices')).toBe(600);
      await withClient(w.local.sourceUrl, (c) =>
        c.query(
          'INSERT INTO public.invoices (id, order_id, amount, issued_at) VALUES (100001, 1, 9.99, now())',
        ),
      );
      await eventually(
        'the new invoice on the target',
        async () => (await rowCount(w.targetApp, 'public.invoices')) === 601,
      );
      const after = await run('plan', '--detailed-exitcode');
      expect(after.code, output(after)).toBe(0);
    });

    it('adopts drift made by hand as changeset 3 with --as-patch, after which plan is empty again', async () => {
      await withClient(w.local.sourceUrl, async (c) => {
        await c.query('GRANT SELECT ON public.order_items TO replicator');
        await c.query('ALTER PUBLICATION my_publication ADD TABLE public.order_items');
        await c.query("ALTER PUBLICATION my_publication SET (publish = 'insert, update, delete')");
      });
      await withClient(w.targetApp, async (c) => {
        await c.query(
          'CREATE TABLE public.order_items (order_id bigint, line_no int, sku text, qty int, PRIMARY KEY (order_id, line_no))',
        );
        await c.query('ALTER SUBSCRIPTION my_subscription REFRESH PUBLICATION');
      });
      await waitSynced(w.targetApp, 4);
      // The hand-added member is not one a changeset mentions, so plan leaves it alone; the
      // publish option is managed, so plan would revert it.
      const drifted = await run('plan', '--detailed-exitcode');
      expect(drifted.code, output(drifted)).toBe(2);
      expect(drifted.stdout).toMatch(
        /ALTER PUBLICATION my_publication SET \(publish = 'insert, update, delete, truncate'\)/,
      );

      const refused = await run('import');
      expect(refused.code, output(refused)).toBe(1);
      expect(refused.stderr).toMatch(
        /holds changesets 1 to 2: .*run replctl import --as-patch \(it writes changeset 3\)/,
      );

      const patched = await run('import', '--as-patch');
      expect(patched.code, output(patched)).toBe(0);
      expect(patched.stdout).toContain('Wrote changesets/0003-imported-drift.yaml (changeset version 3).');
      const text = await changeset('0003-imported-drift.yaml');
      expect(text.replace(/^#.*\n/gm, '')).toBe(
        [
          'version: 3',
          'description: Adopt the drift found live in environment local',
          'source:',
          '  grants:',
          '    replicator:',
          '      select:',
          '        public.order_items: {}',
          '  publications:',
          '    my_publication:',
          '      publish: [ insert, update, delete ]',
          '      tables:',
          '        public.order_items: {}',
          'target:',
          '  tables:',
          '    public.order_items: { from: source }',
          '',
        ].join('\n'),
      );

      const validated = await run('validate');
      expect(validated.code, output(validated)).toBe(0);
      const plan = await run('plan', '--detailed-exitcode');
      expect(plan.code, output(plan)).toBe(0);

      const again = await run('import', '--as-patch');
      expect(again.code, output(again)).toBe(0);
      expect(again.stdout).toContain('No drift');
      expect(await files()).toEqual([
        '0001-imported.yaml',
        '0002-add-invoices.yaml',
        '0003-imported-drift.yaml',
      ]);
    });
  });
}
