import { describe, expect, it } from 'vitest';
import { withoutDefaults } from '../../../src/import/defaults.js';
import { importedState } from '../../../src/import/imported-state.js';
import { passwordReference } from '../../../src/import/password-reference.js';
import { rowFilterText } from '../../../src/import/row-filter-text.js';
import { settingLiteral } from '../../../src/import/setting-literal.js';
import type { LiveState } from '../../../src/model/live-state.js';
import { column, context, lines, planFor, publication, setting, table } from '../planner/builders.js';
import { CONNECTION, HAND_BUILT_SELECTION, handBuiltDiscovery, handBuiltLive, role } from './hand-built.js';

const V18 = 180001;

function imported(live: LiveState = handBuiltLive(), discovery = handBuiltDiscovery()) {
  return importedState({ live, discovery, selection: HAND_BUILT_SELECTION, connection: CONNECTION });
}

describe('importedState: the desired state that describes what is live', () => {
  it('describes the hand-built runbook setup, and is short once defaults are left out', () => {
    const { state, findings } = imported();
    expect(withoutDefaults(state, 160004)).toEqual({
      source: {
        settings: { wal_level: 'logical', max_replication_slots: 10, max_wal_senders: 10 },
        roles: { replicator: { login: true, replication: true, password: { env: 'REPLICATOR_PASSWORD' } } },
        grants: {
          replicator: {
            connect: true,
            usage: ['public'],
            select: { 'public.orders': {}, 'public.users': {} },
          },
        },
        publications: {
          my_publication: {
            publish: ['insert', 'update', 'delete', 'truncate'],
            tables: {
              'public.orders': { columns: ['id', 'user_id', 'total'], where: 'total > (100)::numeric' },
              'public.users': {},
            },
          },
        },
      },
      target: {
        database: 'app',
        parameterGroup: {
          name: 'logical-replication-pg',
          family: 'postgres16',
          description: 'Parameter group for logical replication',
          parameters: {
            max_logical_replication_workers: 10,
            max_worker_processes: 20,
            'rds.logical_replication': 1,
          },
        },
        tables: {
          'public.orders': {
            columns: {
              id: { type: 'bigint', notNull: true },
              user_id: { type: 'bigint', notNull: true },
              total: { type: 'numeric(10,2)', notNull: false },
              loaded_at: { type: 'timestamp with time zone', notNull: false },
            },
            primaryKey: ['id'],
          },
          'public.users': { from: 'source' },
        },
        subscriptions: {
          my_subscription: { publications: ['my_publication'], enabled: true, options: { binary: true } },
        },
      },
    });
    expect(findings).toEqual([
      {
        kind: 'note',
        object: 'role replicator',
        message:
          "its password is written as the reference env:REPLICATOR_PASSWORD (the environment's subscriptionConnection password), which must hold the role's current password",
      },
      {
        kind: 'note',
        object: 'target table public.orders',
        message: 'written with explicit columns: it has column loaded_at, which is not published',
      },
    ]);
  });

  it('plans nothing against the live state it came from, with or without the defaults', () => {
    const live = handBuiltLive();
    const { state } = imported(live);
    for (const desired of [state, withoutDefaults(state, live.target.serverVersionNum)]) {
      expect(lines(planFor(desired, live, { context: context() }))).toEqual([]);
    }
  });

  it('plans nothing for FOR ALL TABLES, TABLES IN SCHEMA, a disabled subscription and a renamed slot', () => {
    const base = handBuiltLive();
    const live: LiveState = {
      ...base,
      source: {
        ...base.source,
        publications: {
          everything: publication({}, { allTables: true, publishViaPartitionRoot: true }),
          reporting: publication({}, { schemas: ['reporting'], publish: ['insert'] }),
        },
      },
      target: {
        ...base.target,
        tables: {
          ...base.target.tables,
          'reporting.daily': table([column('day', 'date', true), column('total', 'numeric')], ['day']),
        },
        subscriptions: {
          my_subscription: {
            ...base.target.subscriptions.my_subscription!,
            publications: ['everything', 'reporting'],
            enabled: false,
            slotName: 'custom_slot',
            tables: { 'public.users': { state: 'r' }, 'reporting.daily': { state: 'r' } },
          },
        },
      },
    };
    const selection = { ...HAND_BUILT_SELECTION, publications: ['everything', 'reporting'] };
    const { state } = importedState({
      live,
      discovery: handBuiltDiscovery(),
      selection,
      connection: CONNECTION,
    });
    const short = withoutDefaults(state, live.target.serverVersionNum);
    expect(short.source?.publications).toEqual({
      everything: {
        publish: ['insert', 'update', 'delete', 'truncate'],
        publishViaPartitionRoot: true,
        allTables: true,
      },
      reporting: { publish: ['insert'], schemas: { reporting: {} } },
    });
    expect(short.target?.subscriptions?.my_subscription).toEqual({
      publications: ['everything', 'reporting'],
      enabled: false,
      options: { binary: true, slot_name: 'custom_slot' },
    });
    // The tables the subscription receives, though no publication lists them by name.
    expect(Object.keys(short.target?.tables ?? {})).toEqual(['public.users', 'reporting.daily']);
    expect(lines(planFor(short, live, { context: context() }))).toEqual([]);
  });

  it('names what the format cannot express instead of approximating it', () => {
    const base = handBuiltLive();
    const live: LiveState = {
      ...base,
      source: {
        ...base.source,
        serverVersionNum: V18,
        publications: {
          my_publication: { ...base.source.publications.my_publication!, publishGeneratedColumns: 'stored' },
        },
      },
      target: {
        ...base.target,
        tables: {
          ...base.target.tables,
          'public.users': table(
            [
              column('id', 'bigint', true),
              column('email', 'text', true),
              column('name', 'text'),
              { name: 'domain', type: 'text', notNull: false, generated: 'stored' },
            ],
            ['id'],
          ),
        },
        subscriptions: {
          my_subscription: {
            ...base.target.subscriptions.my_subscription!,
            options: { binary: 'false', retain_dead_tuples: 'true' },
          },
        },
      },
    };
    const discovery = handBuiltDiscovery({
      roles: [role('replicator', { otherAttributes: ['CREATEDB'], memberOf: ['pg_read_all_data'] })],
      otherPrivileges: [
        { role: 'replicator', table: 'public.users', privilege: 'INSERT' },
        { role: 'replicator', table: 'public.orders', privilege: 'SELECT (total)' },
      ],
    });
    const { findings } = imported(live, discovery);
    expect(findings.filter((f) => f.kind === 'unexpressible')).toEqual([
      {
        kind: 'unexpressible',
        object: 'role replicator',
        message: 'has CREATEDB, membership in pg_read_all_data',
      },
      {
        kind: 'unexpressible',
        object: 'role replicator',
        message:
          'holds INSERT on public.users; SELECT (total) on public.orders (a changeset grants SELECT on whole tables only)',
      },
      {
        kind: 'unexpressible',
        object: 'publication my_publication',
        message: 'publishes generated columns (publish_generated_columns = stored)',
      },
      {
        kind: 'unexpressible',
        object: 'subscription my_subscription',
        message: 'option retain_dead_tuples = true',
      },
      {
        kind: 'unexpressible',
        object: 'target table public.users',
        message: 'generated column domain (left out of the explicit columns)',
      },
    ]);
  });

  it('adds the SELECT grant validation needs for a table only its owner reads, and says plan will grant it', () => {
    const base = handBuiltLive();
    const live: LiveState = {
      ...base,
      source: {
        ...base.source,
        grants: { replicator: { connect: true, usage: ['public'], select: ['public.users'] } },
      },
    };
    const { state, findings } = imported(live);
    expect(Object.keys(state.source?.grants?.replicator?.select ?? {})).toEqual([
      'public.orders',
      'public.users',
    ]);
    expect(findings).toContainEqual({
      kind: 'note',
      object: 'role replicator',
      message:
        'no replication role holds a direct SELECT grant on public.orders; changesets need one, so the changeset lists it and plan will GRANT it',
    });
    expect(lines(planFor(state, live))).toEqual([
      'source.grant.replicator.select: GRANT SELECT ON TABLE "public"."orders" TO "replicator";',
    ]);
  });

  it('names the password variable after the role when the role is not the connection user, and says so', () => {
    const { findings } = importedState({
      live: handBuiltLive(),
      discovery: handBuiltDiscovery(),
      selection: HAND_BUILT_SELECTION,
      connection: { ...CONNECTION, user: 'other' },
    });
    expect(findings[0]).toEqual({
      kind: 'note',
      object: 'role replicator',
      message:
        "its password is written as the reference env:REPLICATOR_PASSWORD (named after the role), which must hold the role's current password",
    });
  });

  it('omits publishViaPartitionRoot before PostgreSQL 13, which lacks it', () => {
    const { state } = imported(handBuiltLive({ sourceVersion: 120017 }));
    expect(state.source?.publications?.my_publication).not.toHaveProperty('publishViaPartitionRoot');
  });
});

describe('the small translations', () => {
  it('writes settings so the planner reads back the same pg_settings value', () => {
    expect(settingLiteral(setting('logical', { vartype: 'enum' }))).toBe('logical');
    expect(settingLiteral(setting('10', { vartype: 'integer' }))).toBe(10);
    expect(settingLiteral(setting('on', { vartype: 'bool' }))).toBe(true);
    expect(settingLiteral(setting('16384', { vartype: 'integer', unit: '8kB' }))).toBe('131072kB');
    expect(settingLiteral(setting('-1', { vartype: 'integer', unit: 'MB' }))).toBe(-1);
  });

  it('drops only the parentheses that wrap a whole row filter', () => {
    expect(rowFilterText("(kind <> 'debug'::text)")).toBe("kind <> 'debug'::text");
    expect(rowFilterText('((a > 1) AND (b < 2))')).toBe('(a > 1) AND (b < 2)');
    expect(rowFilterText('(a > 1) AND (b < 2)')).toBe('(a > 1) AND (b < 2)');
    expect(rowFilterText("(note = ')(')")).toBe("note = ')('");
  });

  it("names a role's password variable after the role, or reuses the connection's reference", () => {
    expect(passwordReference('replicator', undefined)).toEqual({ env: 'REPLICATOR_PASSWORD' });
    expect(passwordReference('app-sync.v2', undefined)).toEqual({ env: 'APP_SYNC_V2_PASSWORD' });
    expect(passwordReference('2nd', undefined)).toEqual({ env: '_2ND_PASSWORD' });
    expect(
      passwordReference('replicator', { user: 'replicator', password: { file: '.secrets/repl' } }),
    ).toEqual({
      file: '.secrets/repl',
    });
    expect(passwordReference('etl', { user: 'replicator', password: { env: 'X' } })).toEqual({
      env: 'ETL_PASSWORD',
    });
  });
});
