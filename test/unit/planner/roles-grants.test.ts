import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LiveGrants, LiveRole } from '../../../src/model/live-state.js';
import type { PlanContext } from '../../../src/planner/context.js';
import { context, ids, lines, liveState, planFor, ROLE_FP, stepById } from './builders.js';

const ROTATED_FP = 'replctl:v1:scrypt:bmV3:rotated';
const role = (options: Partial<LiveRole> = {}): LiveRole => ({
  login: true,
  replication: true,
  superuser: false,
  connectionLimit: -1,
  passwordFingerprint: ROLE_FP,
  ...options,
});
const grants = (options: Partial<LiveGrants> = {}): LiveGrants => ({
  connect: false,
  usage: [],
  select: [],
  ...options,
});
const password = { env: 'REPLICATOR_PASSWORD' };

interface Case {
  readonly name: string;
  readonly desired: DesiredState;
  readonly roles?: Record<string, LiveRole>;
  readonly grants?: Record<string, LiveGrants>;
  readonly documents?: readonly unknown[];
  readonly context?: PlanContext;
  readonly want: readonly string[];
}

const cases: Case[] = [
  {
    name: 'create a role with its password and the fingerprint comment',
    desired: { source: { roles: { replicator: { login: true, replication: true, password } } } },
    want: [
      `source.role.replicator.create: CREATE ROLE "replicator" WITH LOGIN REPLICATION PASSWORD <secret env:REPLICATOR_PASSWORD>;\nCOMMENT ON ROLE "replicator" IS '${ROLE_FP}';`,
    ],
  },
  {
    name: 'create a role without attributes',
    desired: { source: { roles: { reader: {} } } },
    want: ['source.role.reader.create: CREATE ROLE "reader";'],
  },
  {
    name: 'alter only the attributes that differ',
    desired: {
      source: { roles: { replicator: { login: true, replication: false, connectionLimit: 5, password } } },
    },
    roles: { replicator: role() },
    want: ['source.role.replicator.alter: ALTER ROLE "replicator" WITH NOREPLICATION CONNECTION LIMIT 5;'],
  },
  {
    name: 'attributes the desired role does not name are left alone',
    desired: { source: { roles: { replicator: { password } } } },
    roles: { replicator: role({ login: false, connectionLimit: 3 }) },
    want: [],
  },
  {
    name: 'a rotated password: ALTER ROLE … PASSWORD and the new fingerprint, in one transaction',
    desired: { source: { roles: { replicator: { login: true, replication: true, password } } } },
    roles: { replicator: role() },
    context: context({
      secrets: { roles: { replicator: { matches: false, fingerprint: ROTATED_FP } }, subscriptions: {} },
    }),
    want: [
      `source.role.replicator.password: ALTER ROLE "replicator" WITH PASSWORD <secret env:REPLICATOR_PASSWORD>;\nCOMMENT ON ROLE "replicator" IS '${ROTATED_FP}';`,
    ],
  },
  {
    name: 'the reverse of a password: set to null, the password replctl set is removed',
    desired: { source: { roles: { replicator: { login: true, replication: true } } } },
    roles: { replicator: role() },
    documents: [
      { source: { roles: { replicator: { login: true, replication: true, password } } } },
      { source: { roles: { replicator: { password: null } } } },
    ],
    want: [
      'source.role.replicator.password: ALTER ROLE "replicator" WITH PASSWORD NULL;\nCOMMENT ON ROLE "replicator" IS NULL;',
    ],
  },
  {
    name: 'the reverse of a role: DROP ROLE, after revoking what it holds',
    desired: { source: {} },
    roles: { replicator: role() },
    grants: { replicator: grants({ connect: true, usage: ['public'], select: ['public.users'] }) },
    documents: [
      { source: { roles: { replicator: { login: true } } } },
      { source: { roles: { replicator: null } } },
    ],
    want: [
      'source.grant.replicator.revoke-select: REVOKE SELECT ON TABLE "public"."users" FROM "replicator";',
      'source.grant.replicator.revoke-usage: REVOKE USAGE ON SCHEMA "public" FROM "replicator";',
      'source.grant.replicator.revoke-connect: REVOKE CONNECT ON DATABASE "app" FROM "replicator";',
      'source.role.replicator.drop: DROP ROLE "replicator";',
    ],
  },
  {
    name: 'a role no changeset mentioned is never dropped',
    desired: { source: { roles: {} } },
    roles: { replicator: role() },
    want: [],
  },
  {
    name: 'grants: one statement per privilege, every table in it',
    desired: {
      source: {
        grants: {
          replicator: {
            connect: true,
            usage: ['public', 'sales'],
            select: { 'public.users': {}, 'public.orders': {}, 'sales.invoices': {} },
          },
        },
      },
    },
    want: [
      'source.grant.replicator.connect: GRANT CONNECT ON DATABASE "app" TO "replicator";',
      'source.grant.replicator.usage: GRANT USAGE ON SCHEMA "public", "sales" TO "replicator";',
      'source.grant.replicator.select: GRANT SELECT ON TABLE "public"."orders", "public"."users", "sales"."invoices" TO "replicator";',
    ],
  },
  {
    name: 'only the missing grants',
    desired: {
      source: {
        grants: { replicator: { connect: true, select: { 'public.users': {}, 'public.orders': {} } } },
      },
    },
    grants: { replicator: grants({ connect: true, select: ['public.users'] }) },
    want: ['source.grant.replicator.select: GRANT SELECT ON TABLE "public"."orders" TO "replicator";'],
  },
  {
    name: 'the reverse of grants: revoke what a changeset mentioned and the desired state lacks',
    desired: {
      source: {
        grants: { replicator: { connect: true, usage: ['public'], select: { 'public.orders': {} } } },
      },
    },
    grants: {
      replicator: grants({
        connect: true,
        usage: ['public', 'sales', 'unmanaged'],
        select: ['public.orders', 'public.users', 'public.unmanaged'],
      }),
    },
    documents: [
      { source: { grants: { replicator: { usage: ['public', 'sales'], select: { 'public.users': {} } } } } },
      {
        source: {
          grants: {
            replicator: { usage: ['public'], select: { 'public.users': null, 'public.orders': {} } },
          },
        },
      },
    ],
    want: [
      'source.grant.replicator.revoke-select: REVOKE SELECT ON TABLE "public"."users" FROM "replicator";',
      'source.grant.replicator.revoke-usage: REVOKE USAGE ON SCHEMA "sales" FROM "replicator";',
    ],
  },
  {
    name: 'connect: false revokes',
    desired: { source: { grants: { replicator: { connect: false } } } },
    grants: { replicator: grants({ connect: true }) },
    want: ['source.grant.replicator.revoke-connect: REVOKE CONNECT ON DATABASE "app" FROM "replicator";'],
  },
];

describe('roles and grants', () => {
  it.each(cases)('$name', (c) => {
    const live = liveState({ source: { roles: c.roles ?? {}, grants: c.grants ?? {} } });
    const result = planFor(c.desired, live, {
      ...(c.documents ? { documents: c.documents } : {}),
      ...(c.context ? { context: c.context } : {}),
    });
    expect(lines(result)).toEqual(c.want);
  });

  it('marks revokes and drops destructive, grants not', () => {
    const desired: DesiredState = { source: { grants: { replicator: { select: { 'public.orders': {} } } } } };
    const live = liveState({ source: { grants: { replicator: grants({ select: ['public.users'] }) } } });
    const result = planFor(desired, live, {
      documents: [{ source: { grants: { replicator: { select: { 'public.users': {} } } } } }, desired],
    });
    expect(result.steps.map((s) => [s.id, s.action, s.destructive])).toEqual([
      ['source.grant.replicator.select', '+', false],
      ['source.grant.replicator.revoke-select', '-', true],
    ]);
  });

  it('grants after the role they are for', () => {
    const desired: DesiredState = {
      source: { roles: { reader: { login: true } }, grants: { reader: { select: { 'public.users': {} } } } },
    };
    const result = planFor(desired, liveState({}));
    expect(ids(result)).toEqual(['source.role.reader.create', 'source.grant.reader.select']);
    expect(stepById(result, 'source.grant.reader.select').dependsOn).toEqual(['source.role.reader.create']);
  });

  it('gives each step a postcondition the catalog can answer', () => {
    const desired: DesiredState = { source: { grants: { replicator: { select: { 'public.users': {} } } } } };
    const step = stepById(planFor(desired, liveState({})), 'source.grant.replicator.select');
    expect(step.postcondition?.params).toEqual(['replicator', ['"public"."users"']]);
    expect(step.postcondition?.sql).toMatch(
      /^SELECT NOT EXISTS \(SELECT 1 FROM pg_catalog\.unnest\(\$2::text\[\]\) AS t WHERE NOT EXISTS /,
    );
  });

  it('needs the caller to have computed the secret status of a role with a password', () => {
    const desired: DesiredState = { source: { roles: { other: { password } } } };
    expect(() => planFor(desired, liveState({}))).toThrow(/secrets\.roles lacks role "other"/);
  });
});
