import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { Change } from '../../../src/planner/changes.js';
import { order } from '../../../src/planner/order.js';
import type { Plan } from '../../../src/planner/plan.js';
import {
  context,
  describeStep,
  freshSettings,
  ids,
  liveState,
  planFor,
  publication,
  ROLE_FP,
  rds,
  runbookDesired,
  runbookLive,
  stepById,
  subscription,
} from './builders.js';

const expectBefore = (result: Plan, first: string, second: string) => {
  const all = ids(result);
  expect(all, `${first} is in the plan`).toContain(first);
  expect(all, `${second} is in the plan`).toContain(second);
  expect(all.indexOf(first), `${first} before ${second}`).toBeLessThan(all.indexOf(second));
};

describe('order: changes to steps (exact SQL, in dependency order)', () => {
  const cases: { name: string; changes: Change[]; want: string[] }[] = [
    {
      name: 'a drop subscription listed after the drop publication it uses still runs first',
      changes: [
        { kind: 'DropPublication', name: 'p', tables: ['public.a'], reasons: [] },
        { kind: 'DropSubscription', name: 's', publications: ['p'], reasons: [] },
      ],
      want: [
        'target.subscription.s.drop: DROP SUBSCRIPTION "s";',
        'source.publication.p.drop: DROP PUBLICATION "p";',
      ],
    },
    {
      name: 'revoke SELECT after the tables leave the publication',
      changes: [
        { kind: 'RevokeSelect', role: 'r', tables: ['public.a', 'public.b'], reasons: [] },
        { kind: 'DropPublicationTables', publication: 'p', tables: ['public.a'], schemas: [], reasons: [] },
      ],
      want: [
        'source.publication.p.drop-tables: ALTER PUBLICATION "p" DROP TABLE "public"."a";',
        'source.grant.r.revoke-select: REVOKE SELECT ON TABLE "public"."a", "public"."b" FROM "r";',
      ],
    },
    {
      name: 'a refresh waits for the member change of its publication and for the target tables',
      changes: [
        {
          kind: 'RefreshSubscription',
          name: 's',
          publications: ['p'],
          afterRemoval: false,
          copyData: true,
          reasons: [],
        },
        { kind: 'WaitSubscriptionSynced', name: 's', reasons: [] },
        {
          kind: 'AddPublicationTables',
          publication: 'p',
          tables: [{ table: 'public.a' }],
          schemas: [],
          reasons: [],
        },
        {
          kind: 'CreateTargetTables',
          tables: [
            {
              table: 'public.a',
              columns: [{ name: 'id', type: 'integer', notNull: true }],
              primaryKey: ['id'],
            },
          ],
          reasons: [],
        },
      ],
      want: [
        'target.tables.create: CREATE TABLE "public"."a" ("id" integer NOT NULL, PRIMARY KEY ("id"));',
        'source.publication.p.add-tables: ALTER PUBLICATION "p" ADD TABLE "public"."a";',
        'target.subscription.s.refresh: ALTER SUBSCRIPTION "s" REFRESH PUBLICATION;',
        'target.subscription.s.wait-synced: wait {"kind":"subscription-synced","subscription":"s"}',
      ],
    },
    {
      name: 'a password rotation on the source before the subscription connection that uses it',
      changes: [
        {
          kind: 'SetSubscriptionConnection',
          name: 's',
          connection: {
            conninfo: { host: 'h', user: 'replicator', password: { env: 'PW' } },
            fingerprint: 'fp2',
          },
          reasons: [],
        },
        {
          kind: 'SetRolePassword',
          name: 'replicator',
          password: { ref: { env: 'PW' }, fingerprint: 'fp1' },
          reasons: [],
        },
      ],
      want: [
        `source.role.replicator.password: ALTER ROLE "replicator" WITH PASSWORD <secret env:PW>;\nCOMMENT ON ROLE "replicator" IS 'fp1';`,
        `target.subscription.s.connection: ALTER SUBSCRIPTION "s" CONNECTION 'host=h user=replicator password=<secret env:PW>';\nCOMMENT ON SUBSCRIPTION "s" IS 'fp2';`,
      ],
    },
    {
      name: 'DROP ROLE after its revokes and after every subscription drop (which logs in as it)',
      changes: [
        { kind: 'DropRole', name: 'replicator', reasons: [] },
        { kind: 'RevokeConnect', role: 'replicator', database: 'app', reasons: [] },
        { kind: 'DropSubscription', name: 's', publications: [], reasons: [] },
      ],
      want: [
        'target.subscription.s.drop: DROP SUBSCRIPTION "s";',
        'source.grant.replicator.revoke-connect: REVOKE CONNECT ON DATABASE "app" FROM "replicator";',
        'source.role.replicator.drop: DROP ROLE "replicator";',
      ],
    },
    {
      name: 'ResetDBParameterGroup and the wait',
      changes: [
        { kind: 'WaitInstanceInSync', instance: 'i', reasons: [] },
        {
          kind: 'ResetParameters',
          group: 'g',
          parameters: [{ name: 'work_mem', applyMethod: 'immediate' }],
          reasons: [],
        },
      ],
      want: [
        'rds.parameter-group.g.reset.1: ResetDBParameterGroup {"DBParameterGroupName":"g","Parameters":[{"ParameterName":"work_mem","ApplyMethod":"immediate"}]}',
        'rds.instance.i.wait-in-sync: wait {"kind":"rds-instance-in-sync","instance":"i"}',
      ],
    },
  ];

  it.each(cases)('$name', ({ changes, want }) => {
    expect(order(changes, context(), 'sha256:x').steps.map(describeStep)).toEqual(want);
  });

  it('refuses two steps with one id (a diff bug)', () => {
    const twice: Change = { kind: 'DropRole', name: 'r', reasons: [] };
    expect(() => order([twice, twice], context(), 'sha256:x')).toThrow(/share the id source\.role\.r\.drop/);
  });
});

describe('order: constraints on whole plans', () => {
  it('creates a target table before the publication change and the subscription refresh that need it', () => {
    const desired = runbookDesired();
    const withInvoices: DesiredState = {
      ...desired,
      source: {
        ...desired.source,
        publications: {
          my_publication: {
            ...desired.source!.publications!.my_publication!,
            tables: { ...desired.source!.publications!.my_publication!.tables, 'public.invoices': {} },
          },
        },
      },
      target: {
        ...desired.target,
        tables: { ...desired.target!.tables, 'public.invoices': { from: 'source' } },
      },
    };
    const live = runbookLive();
    const withSourceTable = {
      ...live,
      source: {
        ...live.source,
        tables: { ...live.source.tables, 'public.invoices': live.source.tables['public.users']! },
      },
    };
    const result = planFor(withInvoices, withSourceTable);
    expect(ids(result)).toEqual([
      'target.tables.create',
      'source.publication.my_publication.add-tables',
      'target.subscription.my_subscription.refresh',
      'target.subscription.my_subscription.wait-synced',
    ]);
    expect(stepById(result, 'target.subscription.my_subscription.refresh').dependsOn).toEqual([
      'source.publication.my_publication.add-tables',
    ]);
  });

  it('adds target columns before the column list that publishes them', () => {
    const desired = runbookDesired();
    const wider: DesiredState = {
      ...desired,
      source: {
        ...desired.source,
        publications: {
          my_publication: {
            tables: { 'public.users': {}, 'public.orders': { columns: ['id', 'user_id', 'total', 'note'] } },
          },
        },
      },
    };
    const result = planFor(wider, runbookLive());
    expect(ids(result)).toEqual([
      'target.tables.add-columns',
      'source.publication.my_publication.replace-tables',
    ]);
    expect(stepById(result, 'source.publication.my_publication.replace-tables').dependsOn).toEqual([
      'target.tables.add-columns',
    ]);
  });

  it('reboots the RDS instance before any subscription or target step', () => {
    const live = liveState({
      source: { settings: freshSettings() },
      target: { databaseExists: false },
      rds: rds({}),
    });
    const result = planFor(runbookDesired(), live);
    const wait = 'rds.instance.reporting-replica.wait-in-sync';
    for (const step of result.steps.filter((s) => s.endpoint === 'target' || s.endpoint === 'target-admin')) {
      expectBefore(result, wait, step.id);
      expect(step.dependsOn).toContain(wait);
    }
  });

  it('restarts the source before the publication and every later source step', () => {
    const live = liveState({
      source: { settings: freshSettings() },
      target: { databaseExists: false },
      rds: rds({}),
    });
    const result = planFor(runbookDesired(), live);
    expectBefore(result, 'source.restart.wait', 'source.publication.my_publication.create');
    expectBefore(result, 'source.restart.wait', 'source.role.replicator.create');
    expectBefore(result, 'source.restart.wait', 'target.subscription.my_subscription.create');
    expect(stepById(result, 'source.publication.my_publication.create').dependsOn).toContain(
      'source.restart.wait',
    );
  });

  it('puts destructive steps last, dropping the subscription before its publication', () => {
    const desired: DesiredState = {
      source: {
        roles: { replicator: { login: true } },
        grants: { replicator: { select: { 'public.users': {} } } },
        publications: { keep: { tables: { 'public.users': {} } } },
      },
      target: { tables: { 'public.users': { from: 'source' } }, subscriptions: {} },
    };
    const documents = [
      {
        source: {
          roles: { replicator: { login: true } },
          grants: { replicator: { select: { 'public.users': {}, 'public.orders': {} } } },
          publications: {
            keep: { tables: { 'public.users': {} } },
            my_publication: { tables: { 'public.orders': {} } },
          },
        },
        target: { subscriptions: { my_subscription: { publications: ['my_publication'] } } },
      },
      desired,
    ];
    const live = liveState({
      source: {
        roles: {
          replicator: {
            login: true,
            replication: false,
            superuser: false,
            connectionLimit: -1,
            passwordFingerprint: ROLE_FP,
          },
        },
        grants: { replicator: { connect: false, usage: [], select: ['public.orders', 'public.users'] } },
        publications: { my_publication: publication({ 'public.orders': {} }) },
      },
      target: {
        subscriptions: { my_subscription: subscription({ tables: { 'public.orders': { state: 'r' } } }) },
      },
    });
    const result = planFor(desired, live, { documents });
    expect(result.steps.map((s) => [s.id, s.destructive])).toEqual([
      ['target.tables.create', false],
      ['source.publication.keep.create', false],
      ['target.subscription.my_subscription.drop', true],
      ['source.publication.my_publication.drop', true],
      ['source.grant.replicator.revoke-select', true],
    ]);
    expect(stepById(result, 'source.publication.my_publication.drop').dependsOn).toContain(
      'target.subscription.my_subscription.drop',
    );
    expect(stepById(result, 'source.grant.replicator.revoke-select').dependsOn).toContain(
      'source.publication.my_publication.drop',
    );
  });

  it('pauses a subscription before changing the publication it reads', () => {
    const desired = runbookDesired();
    const paused: DesiredState = {
      ...desired,
      source: {
        ...desired.source,
        publications: {
          my_publication: { ...desired.source!.publications!.my_publication!, publish: ['insert'] },
        },
      },
      target: {
        ...desired.target,
        subscriptions: { my_subscription: { publications: ['my_publication'], enabled: false } },
      },
    };
    expect(ids(planFor(paused, runbookLive()))).toEqual([
      'target.subscription.my_subscription.disable',
      'source.publication.my_publication.options',
    ]);
  });

  it('keeps step ids stable across re-plans of the same change', () => {
    const live = liveState({
      source: { settings: freshSettings() },
      target: { databaseExists: false },
      rds: rds({}),
    });
    const first = planFor(runbookDesired(), live);
    const later = planFor(runbookDesired(), live, {
      context: context({ createdAt: '2030-01-01T00:00:00.000Z' }),
    });
    expect(ids(later)).toEqual(ids(first));
  });
});
