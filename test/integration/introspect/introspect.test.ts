import {
  CreateDBParameterGroupCommand,
  DeleteDBParameterGroupCommand,
  ModifyDBParameterGroupCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { introspect } from '../../../src/introspect/index.js';
import { exportSnapshot, inImportedSnapshot } from '../../../src/introspect/shared-snapshot.js';
import { BEGIN_SNAPSHOT } from '../../../src/introspect/snapshot.js';
import { queryTableRows } from '../../../src/introspect/table-catalog.js';
import { installedMajors } from '../../../src/local/postgres/binaries.js';
import { withClient } from '../../../src/local/with-client.js';
import type { LiveState } from '../../../src/model/live-state.js';
import { quoteLiteral } from '../../../src/sql/quote.js';
import {
  eventually,
  startLocalEnv,
  type TestLocalEnv,
  testPgVersions,
  withDatabase,
} from '../../support/local-env.js';
import { FIXTURE_SCOPE, replicatedTables, SALES_TABLES, sourceFixture, targetFixture } from './fixture.js';
import { Sessions, withLogin } from './sessions.js';

/**
 * The state with each slot's retained WAL only checked to be a number: the distance from the WAL's
 * end grows between two reads on its own (the checkpointer and the running-xacts record write WAL).
 */
function withoutWalDistance(live: LiveState): LiveState {
  const slots = live.source.slots.map((slot) => {
    expect(slot.retainedWalBytes).toBeTypeOf('number');
    return { ...slot, retainedWalBytes: 0 };
  });
  return { ...live, source: { ...live.source, slots } };
}

/** The default major, then the oldest and newest (package.json installs 12 and 18 for CI). */
const wanted = testPgVersions([17, 12, 18]);
const installed = await installedMajors();

for (const major of wanted) {
  // Locally a missing major is skipped with a reason; in CI it is a failed install, so it runs and fails.
  const skip = !installed.includes(major) && !process.env.CI;
  describe.skipIf(skip)(`introspection on PostgreSQL ${major}`, () => {
    let local: TestLocalEnv;
    const sessions = new Sessions();
    let rds: RDSClient;

    beforeAll(async () => {
      local = await startLocalEnv({ pgVersion: major });
      rds = new RDSClient({
        endpoint: local.rdsEndpointUrl,
        region: local.env.AWS_REGION!,
        credentials: { accessKeyId: 'replctl-local', secretAccessKey: 'replctl-local' },
        maxAttempts: 1,
      });
      await withClient(local.sourceUrl, (c) => c.query('ALTER SYSTEM SET wal_level = logical'));
      await local.environment.source.restart();
      await withClient(local.sourceUrl, async (c) => {
        for (const sql of sourceFixture(major, local.replicatorPassword)) await c.query(sql);
      });
      // As the RDS master login: no superuser on 16+, as on RDS.
      await withClient(local.targetUrl, (c) => c.query('CREATE DATABASE app'));
      await withClient(withDatabase(local.targetUrl, 'app'), async (c) => {
        for (const sql of targetFixture(major, local.sourcePort, local.replicatorPassword))
          await c.query(sql);
        await eventually('the initial copy (srsubstate r for every table)', async () => {
          const { rows } = await c.query(
            `SELECT count(*) FILTER (WHERE r.srsubstate = 'r')::int AS ready, count(*)::int AS total
               FROM pg_subscription_rel r`,
          );
          return rows[0].total === replicatedTables(major).length && rows[0].ready === rows[0].total;
        });
      });
      // A plain login on the target: what an RDS master login is to the catalogs on 12–15.
      await withClient(local.targetAdminUrl(), (c) =>
        c.query(`CREATE ROLE viewer LOGIN PASSWORD ${quoteLiteral(local.replicatorPassword)}`),
      );
    });
    /** Introspection as `plan` runs it: the source superuser, the RDS master login on `postgres`. */
    const readAsProduct = async (scope = FIXTURE_SCOPE) =>
      introspect(await sessions.endpoints(local.sourceUrl, local.targetUrl), scope);

    afterEach(async () => {
      await sessions.close();
    });
    afterAll(async () => {
      rds?.destroy();
      await local?.stop();
    });

    it('reads the source: settings, roles, direct grants, publications as stored, tables, hba, slots', async () => {
      const { live, stats } = await readAsProduct();
      const source = live.source;
      expect(Math.floor(source.serverVersionNum / 10000)).toBe(major);
      expect(source.database).toBe('app');
      expect(source.settings.wal_level).toEqual({
        setting: 'logical',
        unit: null,
        vartype: 'enum',
        context: 'postmaster',
        pendingRestart: false,
        inAutoConf: true,
      });
      expect(source.settings.max_wal_senders).toMatchObject({ context: 'postmaster', inAutoConf: false });
      expect(source.settings.shared_buffers).toMatchObject({ setting: '4096', unit: '8kB' });
      expect(Object.keys(source.settings).sort()).toEqual([
        'max_logical_replication_workers',
        'max_replication_slots',
        'max_sync_workers_per_subscription',
        'max_wal_senders',
        'max_worker_processes',
        'shared_buffers',
        'wal_level',
      ]);

      expect(source.roles).toEqual({
        replicator: {
          login: true,
          replication: true,
          superuser: false,
          connectionLimit: -1,
          passwordFingerprint: 'fp-replicator',
        },
        analyst: { login: false, replication: false, superuser: false, connectionLimit: 3 },
      });
      expect(source.grants).toEqual({
        replicator: {
          connect: true,
          usage: ['Sales'],
          select: SALES_TABLES,
        },
        analyst: { connect: false, usage: [], select: ['public.users'] },
      });

      const viaRoot = major >= 13;
      const main =
        major >= 15
          ? {
              'Sales.events': {},
              'Sales.orders': { columns: ['id', 'user_id', 'total'], where: '(total > (100)::numeric)' },
              'Sales.select': {},
            }
          : { [viaRoot ? 'Sales.events' : 'Sales.events_2024']: {}, 'Sales.orders': {}, 'Sales.select': {} };
      const generated = major >= 18 ? { publishGeneratedColumns: 'none' } : {};
      expect(source.publications).toEqual({
        replctl_main: {
          owner: 'postgres',
          allTables: false,
          publish: ['insert', 'update', 'delete', 'truncate'],
          publishViaPartitionRoot: viaRoot,
          ...generated,
          tables: main,
          schemas: [],
        },
        replctl_notes: {
          owner: 'postgres',
          allTables: false,
          publish: ['insert'],
          publishViaPartitionRoot: false,
          ...generated,
          tables: { 'Sales.Customer Notes': {} },
          schemas: [],
        },
        ...(major >= 15
          ? {
              replctl_schema: {
                owner: 'postgres',
                allTables: false,
                publish: ['insert', 'update', 'delete', 'truncate'],
                publishViaPartitionRoot: false,
                ...generated,
                tables: {},
                schemas: ['Sales'],
              },
            }
          : {}),
      });

      expect(Object.keys(source.tables).sort()).toEqual([...SALES_TABLES, 'public.users'].sort());
      expect(source.tables['Sales.orders']).toMatchObject({
        columns: [
          { name: 'id', type: 'bigint', notNull: true },
          { name: 'user_id', type: 'bigint', notNull: true },
          { name: 'total', type: 'numeric(12,2)', notNull: false },
          { name: 'secret', type: 'text', notNull: false },
        ],
        primaryKey: ['id'],
        replicaIdentity: 'd',
        kind: 'r',
        isPartition: false,
      });
      expect(source.tables['Sales.Customer Notes']).toEqual({
        columns: [
          { name: 'customer_id', type: 'bigint', notNull: false },
          { name: 'note', type: 'character varying(200)', notNull: false },
        ],
        primaryKey: [],
        replicaIdentity: 'd',
        kind: 'r',
        isPartition: false,
        estimatedRows: major >= 14 ? -1 : 0,
      });
      expect(source.tables['Sales.select']).toMatchObject({
        primaryKey: [],
        replicaIdentity: 'i',
        replicaIdentityColumns: ['from'],
      });
      expect(source.tables['Sales.events']).toMatchObject({
        kind: 'p',
        primaryKey: ['id', 'at'],
        isPartition: false,
      });
      expect(source.tables['Sales.events_2024']).toMatchObject({ kind: 'r', isPartition: true });
      expect(source.tables['Sales."we.ird"']?.columns).toEqual([
        { name: 'id', type: 'integer', notNull: true },
        { name: 'doubled', type: 'integer', notNull: false, generated: 'stored' },
      ]);

      expect(source.hba).toContainEqual(
        expect.objectContaining({
          type: 'host',
          databases: ['app'],
          users: ['replicator'],
          authMethod: 'scram-sha-256',
        }),
      );
      const orphan = source.slots.find((s) => s.name === 'orphan_slot');
      expect(orphan).toMatchObject({
        plugin: 'pgoutput',
        slotType: 'logical',
        database: 'app',
        active: false,
      });
      expect(orphan?.retainedWalBytes).toBeGreaterThan(0);
      if (major >= 13) expect(orphan?.walStatus).toBe('reserved');
      else expect(orphan).not.toHaveProperty('walStatus');
      // The subscription's slot, held by its apply worker since the initial copy finished.
      expect(source.slots.find((s) => s.name === 'replctl_sub')).toMatchObject({
        plugin: 'pgoutput',
        slotType: 'logical',
        database: 'app',
        active: true,
      });

      // BEGIN, server, settings, roles, grants, publications, members, tables, slots, hba, COMMIT.
      expect(stats.queries.source).toBe(11);
    });

    it('reads the target as the RDS master login: database, tables, subscription, sync states', async () => {
      const { live, stats } = await readAsProduct();
      const target = live.target;
      expect(Math.floor(target.serverVersionNum / 10000)).toBe(major);
      expect(target.database).toBe('app');
      expect(target.databaseExists).toBe(true);
      expect(target.schemas).toEqual(['Sales', 'public']);
      expect(Object.keys(target.tables).sort()).toEqual([...replicatedTables(major)].sort());
      expect(target.tables['Sales.orders']?.columns.map((c) => c.name)).toEqual([
        'id',
        'user_id',
        'total',
        'note',
        ...(major >= 15 ? [] : ['secret']),
      ]);
      expect(target.settings?.max_logical_replication_workers).toMatchObject({ context: 'postmaster' });
      expect(target.settings?.max_worker_processes).toBeDefined();

      const states = Object.fromEntries(replicatedTables(major).map((t) => [t, { state: 'r' }]));
      const sub = target.subscriptions.replctl_sub;
      expect(Object.keys(target.subscriptions)).toEqual(['replctl_sub']);
      expect(sub).toMatchObject({
        enabled: true,
        publications: ['replctl_main'],
        slotName: 'replctl_sub',
        owner: 'postgres',
        connectionFingerprint: 'fp-connection',
        tables: states,
      });
      expect(sub?.options).toEqual(expectedOptions(major, 'superuser-or-16+'));
      // The admin session on postgres, plus one the introspection opened on app and closed.
      expect(stats.queries.target).toBe(8);
      expect(sessions.openCount).toBe(2);
    });

    it('reads what a login without privileges may: no hba, no subscription option it cannot see', async () => {
      const endpoints = await sessions.endpoints(
        withLogin(local.sourceUrl, 'replicator', local.replicatorPassword),
        withLogin(withDatabase(local.targetUrl, 'app'), 'viewer', local.replicatorPassword),
      );
      const { live, stats } = await introspect(endpoints, FIXTURE_SCOPE);
      expect(live.source.hba).toBeUndefined();
      expect(live.source.settings.wal_level).not.toHaveProperty('inAutoConf');
      expect(live.source.roles.replicator?.passwordFingerprint).toBe('fp-replicator');
      expect(Object.keys(live.source.publications).sort()).toEqual(
        ['replctl_main', 'replctl_notes', ...(major >= 15 ? ['replctl_schema'] : [])].sort(),
      );
      expect(stats.queries.source).toBe(10);
      const sub = live.target.subscriptions.replctl_sub;
      expect(sub?.options).toEqual(expectedOptions(major, 'plain'));
      expect(sub?.connectionFingerprint).toBe('fp-connection');
      expect(Object.keys(sub?.tables ?? {}).sort()).toEqual([...replicatedTables(major)].sort());
      // The target URL names the replicated database itself: no second session.
      expect(stats.queries.target).toBe(8);
      expect(sessions.openCount).toBe(2);
    });

    it('reads the same state with the table catalog shared between sessions in one snapshot', async () => {
      const alone = await readAsProduct();
      await sessions.close();
      const events: string[] = [];
      const shared = await introspect(
        await sessions.sharedEndpoints(local.sourceUrl, local.targetUrl, 2),
        FIXTURE_SCOPE,
        { whileTablesRead: () => events.push('tables asked for') },
      ).finally(() => events.push('done'));
      // The caller's work for the wait ran once, while the catalog was still being read.
      expect(events).toEqual(['tables asked for', 'done']);
      expect(withoutWalDistance(shared.live)).toEqual(withoutWalDistance(alone.live));
      expect(Object.keys(shared.live.source.tables)).toEqual(Object.keys(alone.live.source.tables));
      expect(Object.keys(shared.live.target.tables)).toEqual(Object.keys(alone.live.target.tables));
      // One export, then BEGIN + import, the share, COMMIT on each of the two helpers.
      expect(shared.stats.queries.source).toBe(alone.stats.queries.source + 1 + 2 * 3);
      expect(shared.stats.queries.target).toBe(alone.stats.queries.target + 1 + 2 * 3);
      // The helpers the target opened are ended; the source's are the caller's (closed here).
      await sessions.close();

      // A helper that cannot connect costs only time: its share is read by the snapshot's session.
      const refused = await introspect(
        await sessions.sharedEndpoints(local.sourceUrl, local.targetUrl, 1, () =>
          Promise.reject(new Error('too many connections for role')),
        ),
        FIXTURE_SCOPE,
      );
      expect(withoutWalDistance(refused.live)).toEqual(withoutWalDistance(alone.live));
    });

    it('reads a share in the exported snapshot: a table created after the export is not in it', async () => {
      const exporter = await sessions.open(local.sourceUrl);
      await exporter.query(BEGIN_SNAPSHOT);
      const id = await exportSnapshot(exporter);
      await withClient(local.sourceUrl, (c) => c.query('CREATE TABLE public.after_export (id int)'));
      try {
        const helper = await sessions.open(local.sourceUrl);
        const inSnapshot = await inImportedSnapshot(helper, id, () =>
          queryTableRows(helper, ['public.after_export'], { readEmpty: false }),
        );
        const now = await queryTableRows(helper, ['public.after_export'], { readEmpty: false });
        expect(inSnapshot).toEqual([]);
        expect(now.map((row) => row.name)).toEqual(['after_export']);
      } finally {
        await exporter.query('COMMIT');
        await withClient(local.sourceUrl, (c) => c.query('DROP TABLE public.after_export'));
      }
    });

    it('reports a missing replicated database after two queries, without connecting to it', async () => {
      const { live, stats } = await readAsProduct({
        ...FIXTURE_SCOPE,
        targetDatabase: 'not_there',
      });
      expect(live.target).toMatchObject({
        database: 'not_there',
        databaseExists: false,
        schemas: [],
        tables: {},
        subscriptions: {},
      });
      expect(stats.queries.target).toBe(2);
    });

    it('reads the RDS instance and the desired parameter group, absent and then present', async () => {
      const endpoints = {
        ...(await sessions.endpoints(local.sourceUrl, local.targetUrl)),
        rds: { client: rds, instance: 'reporting-replica' },
      };
      const before = await introspect(endpoints, FIXTURE_SCOPE);
      const instance = before.live.rds?.instance;
      expect(instance).toMatchObject({ identifier: 'reporting-replica', status: 'available' });
      expect(instance?.parameterGroupName).toMatch(/^default\.postgres/);
      expect(instance?.engineVersion.split('.')[0]).toBe(String(major));
      expect(before.live.rds?.parameterGroup).toBeUndefined();
      // Not created yet: ApplyTypes come from the group the instance uses.
      expect(before.live.rds?.applyTypes).toEqual({
        'rds.logical_replication': 'static',
        max_logical_replication_workers: 'static',
        max_worker_processes: 'static',
      });
      // DescribeDBInstances, DescribeDBParameterGroups, then the default group page by page.
      expect(before.stats.queries.rds).toBeGreaterThanOrEqual(3);

      const family = `postgres${major}`;
      await rds.send(
        new CreateDBParameterGroupCommand({
          DBParameterGroupName: 'logical-replication-pg',
          DBParameterGroupFamily: family,
          Description: 'Parameter group for logical replication',
        }),
      );
      try {
        await rds.send(
          new ModifyDBParameterGroupCommand({
            DBParameterGroupName: 'logical-replication-pg',
            Parameters: [
              {
                ParameterName: 'rds.logical_replication',
                ParameterValue: '1',
                ApplyMethod: 'pending-reboot',
              },
              {
                ParameterName: 'max_logical_replication_workers',
                ParameterValue: '10',
                ApplyMethod: 'pending-reboot',
              },
            ],
          }),
        );
        const after = await introspect(endpoints, FIXTURE_SCOPE);
        expect(after.live.rds?.parameterGroup).toEqual({
          name: 'logical-replication-pg',
          family,
          description: 'Parameter group for logical replication',
          parameters: {
            'rds.logical_replication': {
              value: '1',
              applyType: 'static',
              source: 'user',
              isModifiable: true,
            },
            max_logical_replication_workers: {
              value: '10',
              applyType: 'static',
              source: 'user',
              isModifiable: true,
            },
          },
        });
        expect(after.live.rds?.applyTypes).toEqual(before.live.rds?.applyTypes);
        // max_worker_processes is not user-set: the whole group is read once more.
        expect(after.stats.queries.rds).toBe(before.stats.queries.rds + 1);

        const allUserSet = await introspect(endpoints, {
          ...FIXTURE_SCOPE,
          parameterGroup: { name: 'logical-replication-pg', parameters: ['rds.logical_replication'] },
        });
        expect(allUserSet.stats.queries.rds).toBe(3);
      } finally {
        await rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: 'logical-replication-pg' }));
      }
    });
  });
}

/**
 * The options a login reads per major: `synchronous_commit` is superuser-only on 12–13, the others
 * came with their versions (binary and streaming 14, two_phase and disable_on_error 15, ...).
 */
function expectedOptions(major: number, login: 'superuser-or-16+' | 'plain'): Record<string, string> {
  const syncCommitReadable = major >= 14 || login === 'superuser-or-16+';
  return {
    ...(syncCommitReadable ? { synchronous_commit: 'off' } : {}),
    ...(major >= 14 ? { binary: 'true', streaming: major >= 18 ? 'parallel' : 'off' } : {}),
    ...(major >= 15 ? { two_phase: 'false', disable_on_error: 'false' } : {}),
    ...(major >= 16 ? { password_required: 'true', run_as_owner: 'false', origin: 'any' } : {}),
    ...(major >= 17 ? { failover: 'false' } : {}),
  };
}
