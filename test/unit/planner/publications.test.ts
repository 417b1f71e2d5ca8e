import { describe, expect, it } from 'vitest';
import { ReplctlError } from '../../../src/errors.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LivePublication, LiveSubscription } from '../../../src/model/live-state.js';
import { column, lines, liveState, planFor, publication, stepById, subscription, table } from './builders.js';

interface Case {
  readonly name: string;
  readonly desired: DesiredState;
  readonly publications?: Record<string, LivePublication>;
  readonly documents?: readonly unknown[];
  readonly want: readonly string[];
}

const pub = (p: NonNullable<NonNullable<DesiredState['source']>['publications']>[string]): DesiredState => ({
  source: { publications: { my_publication: p } },
});

const cases: Case[] = [
  {
    name: 'create with tables, a column list and a row filter',
    desired: pub({
      tables: {
        'public.users': {},
        'public.orders': { columns: ['id', 'total'], where: 'total > 100' },
      },
    }),
    want: [
      'source.publication.my_publication.create: CREATE PUBLICATION "my_publication" FOR TABLE "public"."orders" ("id", "total") WHERE (total > 100), "public"."users";',
    ],
  },
  {
    name: 'create with tables in schema and options',
    desired: pub({
      publish: ['insert', 'update'],
      publishViaPartitionRoot: true,
      tables: { 'public.users': {} },
      schemas: { sales: {} },
    }),
    want: [
      `source.publication.my_publication.create: CREATE PUBLICATION "my_publication" FOR TABLE "public"."users", TABLES IN SCHEMA "sales" WITH (publish = 'insert, update', publish_via_partition_root = true);`,
    ],
  },
  {
    name: 'create for all tables',
    desired: pub({ allTables: true }),
    want: ['source.publication.my_publication.create: CREATE PUBLICATION "my_publication" FOR ALL TABLES;'],
  },
  {
    name: 'create an empty publication',
    desired: pub({}),
    want: ['source.publication.my_publication.create: CREATE PUBLICATION "my_publication";'],
  },
  {
    name: 'add three tables: one statement',
    desired: pub({ tables: { 'public.a': {}, 'public.b': {}, 'public.c': {}, 'public.users': {} } }),
    publications: { my_publication: publication({ 'public.users': {} }) },
    want: [
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."a", "public"."b", "public"."c";',
    ],
  },
  {
    name: 'the reverse: drop the tables a changeset removed, one statement',
    desired: pub({ tables: { 'public.users': {} } }),
    publications: {
      my_publication: publication({
        'public.users': {},
        'public.a': {},
        'public.b': {},
        'public.unmanaged': {},
      }),
    },
    documents: [
      pub({ tables: { 'public.users': {}, 'public.a': {}, 'public.b': {} } }),
      { source: { publications: { my_publication: { tables: { 'public.a': null, 'public.b': null } } } } },
    ],
    want: [
      'source.publication.my_publication.drop-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."a", "public"."b";',
    ],
  },
  {
    name: 'a changed column list: drop and add the member in one transaction',
    desired: pub({ tables: { 'public.orders': { columns: ['id', 'total', 'note'] }, 'public.users': {} } }),
    publications: {
      my_publication: publication({ 'public.orders': { columns: ['id', 'total'] }, 'public.users': {} }),
    },
    want: [
      'source.publication.my_publication.replace-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."orders";\n' +
        'ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders" ("id", "total", "note");',
    ],
  },
  {
    name: 'a column list removed: the member publishes every column again',
    desired: pub({ tables: { 'public.orders': {} } }),
    publications: { my_publication: publication({ 'public.orders': { columns: ['id', 'total'] } }) },
    want: [
      'source.publication.my_publication.replace-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."orders";\n' +
        'ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders";',
    ],
  },
  {
    name: 'a changed row filter is replaced; the same filter as PostgreSQL prints it is not',
    desired: pub({
      tables: { 'public.orders': { where: 'total > 200' }, 'public.users': { where: "email <> ''" } },
    }),
    publications: {
      my_publication: publication({
        'public.orders': { where: '(total > (100)::numeric)' },
        'public.users': { where: "(email <> ''::text)" },
      }),
    },
    want: [
      'source.publication.my_publication.replace-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."orders";\n' +
        'ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders" WHERE (total > 200);',
    ],
  },
  {
    name: 'column lists compare as sets',
    desired: pub({ tables: { 'public.orders': { columns: ['total', 'id'] } } }),
    publications: { my_publication: publication({ 'public.orders': { columns: ['id', 'total'] } }) },
    want: [],
  },
  {
    name: 'options changed in place',
    desired: pub({ publish: ['insert'], publishViaPartitionRoot: true }),
    publications: { my_publication: publication({}) },
    want: [
      `source.publication.my_publication.options: ALTER PUBLICATION "my_publication" SET (publish = 'insert', publish_via_partition_root = true);`,
    ],
  },
  {
    name: 'publish compares as a set',
    desired: pub({ publish: ['truncate', 'delete', 'update', 'insert'] }),
    publications: { my_publication: publication({}) },
    want: [],
  },
  {
    name: 'schemas added and removed',
    desired: pub({ schemas: { sales: {} } }),
    publications: { my_publication: publication({}, { schemas: ['hr'] }) },
    documents: [
      pub({ schemas: { hr: {} } }),
      { source: { publications: { my_publication: { schemas: { hr: null, sales: {} } } } } },
    ],
    want: [
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLES IN SCHEMA "sales";',
      'source.publication.my_publication.drop-tables: ALTER PUBLICATION "my_publication" DROP TABLES IN SCHEMA "hr";',
    ],
  },
  {
    name: 'the reverse of a publication: DROP PUBLICATION',
    desired: { source: { publications: {} } },
    publications: { my_publication: publication({ 'public.users': {} }) },
    documents: [
      pub({ tables: { 'public.users': {} } }),
      { source: { publications: { my_publication: null } } },
    ],
    want: ['source.publication.my_publication.drop: DROP PUBLICATION "my_publication";'],
  },
  {
    name: 'a publication no changeset mentioned is left alone',
    desired: { source: { publications: {} } },
    publications: { other: publication({ 'public.users': {} }) },
    want: [],
  },
];

describe('publications', () => {
  it.each(cases)('$name', (c) => {
    const live = liveState({ source: { publications: c.publications ?? {} } });
    expect(lines(planFor(c.desired, live, c.documents ? { documents: c.documents } : {}))).toEqual(c.want);
  });

  it('marks removing members and dropping destructive', () => {
    const live = liveState({ source: { publications: { my_publication: publication({ 'public.a': {} }) } } });
    const result = planFor(pub({ tables: {} }), live, { documents: [pub({ tables: { 'public.a': {} } })] });
    expect(stepById(result, 'source.publication.my_publication.drop-tables').destructive).toBe(true);
  });

  it.each([
    [
      140000,
      pub({ tables: { 'public.orders': { columns: ['id'] } } }),
      'source.publications.my_publication.tables."public.orders".columns: a column list needs PostgreSQL 15 or later, but the source runs PostgreSQL 14.0',
    ],
    [
      140011,
      pub({ tables: { 'public.orders': { where: 'id > 0' } } }),
      'source.publications.my_publication.tables."public.orders".where: a row filter needs PostgreSQL 15 or later, but the source runs PostgreSQL 14.11',
    ],
    [
      140011,
      pub({ schemas: { sales: {} } }),
      'source.publications.my_publication.schemas: TABLES IN SCHEMA needs PostgreSQL 15 or later',
    ],
    [
      120020,
      pub({ publishViaPartitionRoot: true }),
      'source.publications.my_publication.publishViaPartitionRoot: publish_via_partition_root needs PostgreSQL 13 or later, but the source runs PostgreSQL 12.20',
    ],
  ])('refuses a feature of a newer PostgreSQL (source %i)', (version, desired, message) => {
    const plan = () => planFor(desired, liveState({ source: { serverVersionNum: version } }));
    expect(plan).toThrow(ReplctlError);
    expect(plan).toThrow(message);
  });

  it('accepts plain tables on PostgreSQL 12', () => {
    const result = planFor(
      pub({ tables: { 'public.users': {} } }),
      liveState({ source: { serverVersionNum: 120020 } }),
    );
    expect(lines(result)).toHaveLength(1);
  });

  it('refuses to switch FOR ALL TABLES in place', () => {
    const live = liveState({ source: { publications: { my_publication: publication({}) } } });
    expect(() => planFor(pub({ allTables: true }), live)).toThrow(
      /FOR ALL TABLES cannot be switched on or off in place/,
    );
  });

  it('confirms added members through pg_publication_rel', () => {
    const live = liveState({ source: { publications: { my_publication: publication({}) } } });
    const step = stepById(
      planFor(pub({ tables: { 'public.users': {} } }), live),
      'source.publication.my_publication.add-tables',
    );
    expect(step.postcondition?.params).toEqual(['my_publication', ['"public"."users"']]);
  });
});

describe('a new publication and the target tables', () => {
  const desired: DesiredState = {
    source: { publications: { my_publication: { tables: { 'public.users': {} } } } },
    target: { tables: { 'public.users': { from: 'source' } } },
  };
  const users = table([column('id', 'bigint', true)], ['id']);
  const live = (subscriptions: Record<string, LiveSubscription>) =>
    liveState({ source: { tables: { 'public.users': users } }, target: { subscriptions } });

  it('is created without waiting for them when no subscription names it', () => {
    const result = planFor(desired, live({}));
    expect(stepById(result, 'source.publication.my_publication.create').dependsOn).toEqual([]);
  });

  it('waits for them when a live subscription already names it: it streams the moment it exists', () => {
    const result = planFor(desired, live({ left_over: subscription({ publications: ['my_publication'] }) }));
    expect(stepById(result, 'source.publication.my_publication.create').dependsOn).toContain(
      'target.tables.create',
    );
  });
});
