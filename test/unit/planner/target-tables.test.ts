import { describe, expect, it } from 'vitest';
import { ReplctlError } from '../../../src/errors.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LiveTable, LiveTarget } from '../../../src/model/live-state.js';
import { column, lines, liveState, planFor, sourceTables, stepById, table } from './builders.js';

interface Case {
  readonly name: string;
  readonly desired: DesiredState;
  readonly target?: Partial<LiveTarget>;
  readonly source?: Record<string, LiveTable>;
  readonly want: readonly string[];
}

const users =
  'CREATE TABLE "public"."users" ("id" bigint NOT NULL, "email" text NOT NULL, "name" text, PRIMARY KEY ("id"));';
const orders =
  'CREATE TABLE "public"."orders" ("id" bigint NOT NULL, "user_id" bigint NOT NULL, "total" numeric(10,2), "note" character varying(200), PRIMARY KEY ("id"));';

const cases: Case[] = [
  {
    name: 'every CREATE TABLE in one step, copied from the source',
    desired: {
      target: { tables: { 'public.users': { from: 'source' }, 'public.orders': { from: 'source' } } },
    },
    want: [`target.tables.create: ${orders}\n${users}`],
  },
  {
    name: 'only the published columns; no primary key when the column list leaves part of it out',
    desired: {
      source: { publications: { p: { tables: { 'public.orders': { columns: ['user_id', 'total'] } } } } },
      target: { tables: { 'public.orders': { from: 'source' } } },
    },
    want: [
      'target.tables.create: CREATE TABLE "public"."orders" ("user_id" bigint NOT NULL, "total" numeric(10,2));',
    ],
  },
  {
    name: 'the union of column lists across publications; one without a list publishes all',
    desired: {
      source: {
        publications: {
          p: { tables: { 'public.orders': { columns: ['id'] }, 'public.users': { columns: ['id'] } } },
          q: { tables: { 'public.orders': { columns: ['total'] }, 'public.users': {} } },
        },
      },
      target: { tables: { 'public.orders': { from: 'source' }, 'public.users': { from: 'source' } } },
    },
    want: [
      `target.tables.create: CREATE TABLE "public"."orders" ("id" bigint NOT NULL, "total" numeric(10,2), PRIMARY KEY ("id"));\n${users}`,
    ],
  },
  {
    name: 'generated columns only when a column list names them',
    desired: { target: { tables: { 'public.g': { from: 'source' } } } },
    source: {
      'public.g': table(
        [
          column('id', 'integer', true),
          { name: 'twice', type: 'integer', notNull: false, generated: 'stored' },
        ],
        ['id'],
      ),
    },
    want: ['target.tables.create: CREATE TABLE "public"."g" ("id" integer NOT NULL, PRIMARY KEY ("id"));'],
  },
  {
    name: 'columns written out instead of copied',
    desired: {
      target: {
        tables: {
          'public.audit': {
            columns: { id: { type: 'bigint', notNull: true }, payload: { type: 'jsonb' } },
            primaryKey: ['id'],
          },
        },
      },
    },
    want: [
      'target.tables.create: CREATE TABLE "public"."audit" ("id" bigint NOT NULL, "payload" jsonb, PRIMARY KEY ("id"));',
    ],
  },
  {
    name: 'missing schemas are created first',
    desired: { target: { tables: { 'sales.invoices': { from: 'source' } } } },
    source: { 'sales.invoices': table([column('id', 'uuid', true)], ['id']) },
    want: [
      'target.schemas.create: CREATE SCHEMA IF NOT EXISTS "sales";',
      'target.tables.create: CREATE TABLE "sales"."invoices" ("id" uuid NOT NULL, PRIMARY KEY ("id"));',
    ],
  },
  {
    name: 'published columns an existing table lacks are added, nullable; extra target columns stay',
    desired: {
      target: { tables: { 'public.orders': { from: 'source' }, 'public.users': { from: 'source' } } },
    },
    target: {
      tables: {
        'public.orders': table([
          column('id', 'bigint', true),
          column('user_id', 'bigint', true),
          column('extra', 'text'),
        ]),
        'public.users': table([column('id', 'bigint', true), column('email', 'text', true)]),
      },
    },
    want: [
      'target.tables.add-columns: ALTER TABLE "public"."orders" ADD COLUMN "total" numeric(10,2), ADD COLUMN "note" character varying(200);\n' +
        'ALTER TABLE "public"."users" ADD COLUMN "name" text;',
    ],
  },
  {
    name: 'a table that left the desired state is kept (never dropped)',
    desired: { target: { tables: {} } },
    target: { tables: { 'public.users': sourceTables()['public.users']! } },
    want: [],
  },
  {
    name: 'an existing table with every published column: nothing',
    desired: { target: { tables: { 'public.users': { from: 'source' } } } },
    target: { tables: { 'public.users': sourceTables()['public.users']! } },
    want: [],
  },
  {
    name: 'a missing database: CREATE DATABASE, and every table is created in it',
    desired: { target: { database: 'reporting', tables: { 'public.users': { from: 'source' } } } },
    target: { databaseExists: false, tables: { 'public.users': sourceTables()['public.users']! } },
    want: [
      'target.database.reporting.create: CREATE DATABASE "reporting";',
      `target.tables.create: ${users}`,
    ],
  },
];

describe('target database and tables', () => {
  it.each(cases)('$name', (c) => {
    const live = liveState({ target: c.target ?? {}, ...(c.source ? { source: { tables: c.source } } : {}) });
    // Publications some cases declare (for their column lists) are another file's business.
    const targetLines = lines(planFor(c.desired, live)).filter((line) => line.startsWith('target.'));
    expect(targetLines).toEqual(c.want);
  });

  it('creates the database outside a transaction on target-admin, the tables in one transaction', () => {
    const desired: DesiredState = {
      target: { database: 'app', tables: { 'public.users': { from: 'source' } } },
    };
    const result = planFor(desired, liveState({ target: { databaseExists: false } }));
    expect(stepById(result, 'target.database.app.create')).toMatchObject({
      endpoint: 'target-admin',
      transactional: false,
    });
    expect(stepById(result, 'target.tables.create')).toMatchObject({
      endpoint: 'target',
      transactional: true,
      dependsOn: ['target.database.app.create'],
    });
  });

  it('refuses to copy a table the source does not have', () => {
    const desired: DesiredState = { target: { tables: { 'public.nope': { from: 'source' } } } };
    const plan = () => planFor(desired, liveState({}));
    expect(plan).toThrow(ReplctlError);
    expect(plan).toThrow(
      'target.tables."public.nope": the table is copied from the source, but the source has no table public.nope',
    );
  });

  it('refuses a table key that is not schema.table', () => {
    expect(() => planFor({ target: { tables: { users: { from: 'source' } } } }, liveState({}))).toThrow(
      'target.tables.users: expected a table name of the form schema.table, but got: users',
    );
  });
});
