import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { PlanContext } from '../../../src/planner/context.js';
import { formatQualifiedName } from '../../../src/sql/quote.js';
import { column, context, lines, liveState, planFor, ROLE_FP, SUB_FP, stepById, table } from './builders.js';

// Quotes, spaces, capitals, unicode, reserved words, dots and a statement terminator.
const ROLE = 'Répli"cator';
const SCHEMA = 'My Schema';
const TABLE = 'Order "x"; DROP TABLE users';
const TABLE_KEY = '"My Schema"."Order ""x""; DROP TABLE users"';
const PUBLICATION = 'select';
const SUBSCRIPTION = 'sub.with.dots';
const COLUMN = 'Ünïcødé col';

const desired: DesiredState = {
  source: {
    roles: { [ROLE]: { login: true, password: { env: 'PW' } } },
    grants: { [ROLE]: { usage: [SCHEMA], select: { [TABLE_KEY]: {}, 'public.user': {} } } },
    publications: {
      [PUBLICATION]: { tables: { [TABLE_KEY]: { columns: ['id', COLUMN] }, 'public.user': {} } },
    },
  },
  target: {
    database: 'Reporting DB',
    tables: { [TABLE_KEY]: { from: 'source' } },
    subscriptions: { [SUBSCRIPTION]: { publications: [PUBLICATION] } },
  },
};

const ctx: PlanContext = context({
  sourceDatabase: 'app"db',
  subscriptionConnection: {
    host: 'db host',
    port: '5432',
    dbname: "o'brien",
    user: ROLE,
    password: { env: 'PW' },
  },
  secrets: {
    roles: { [ROLE]: { matches: true, fingerprint: ROLE_FP } },
    subscriptions: { [SUBSCRIPTION]: { matches: true, fingerprint: SUB_FP } },
  },
});

const live = liveState({
  source: {
    tables: {
      // Live keys are canonical (formatQualifiedName), desired ones as the author wrote them.
      [formatQualifiedName({ schema: SCHEMA, name: TABLE })]: table(
        [column('id', 'integer', true), column(COLUMN, 'text'), column('other', 'text')],
        ['id'],
      ),
      'public.user': table([column('id', 'integer', true)], ['id']),
    },
  },
  target: { databaseExists: false },
});

describe('hostile names are quoted everywhere', () => {
  const result = planFor(desired, live, { context: ctx });

  it('in every statement', () => {
    expect(lines(result)).toEqual([
      `source.role."Répli""cator".create: CREATE ROLE "Répli""cator" WITH LOGIN PASSWORD <secret env:PW>;\nCOMMENT ON ROLE "Répli""cator" IS '${ROLE_FP}';`,
      'source.grant."Répli""cator".usage: GRANT USAGE ON SCHEMA "My Schema" TO "Répli""cator";',
      'source.grant."Répli""cator".select: GRANT SELECT ON TABLE "My Schema"."Order ""x""; DROP TABLE users", "public"."user" TO "Répli""cator";',
      'target.database."Reporting DB".create: CREATE DATABASE "Reporting DB";',
      'target.schemas.create: CREATE SCHEMA IF NOT EXISTS "My Schema";',
      'target.tables.create: CREATE TABLE "My Schema"."Order ""x""; DROP TABLE users" ("id" integer NOT NULL, "Ünïcødé col" text, PRIMARY KEY ("id"));',
      'source.publication.select.create: CREATE PUBLICATION "select" FOR TABLE "My Schema"."Order ""x""; DROP TABLE users" ("id", "Ünïcødé col"), "public"."user";',
      String.raw`target.subscription."sub.with.dots".create: CREATE SUBSCRIPTION "sub.with.dots" CONNECTION E'host=''db host'' port=5432 dbname=''o\\''brien'' user=Répli"cator password=<secret env:PW>' PUBLICATION "select";`,
      `target.subscription."sub.with.dots".record-connection: COMMENT ON SUBSCRIPTION "sub.with.dots" IS '${SUB_FP}';`,
      'target.subscription."sub.with.dots".wait-synced: wait {"kind":"subscription-synced","subscription":"sub.with.dots"}',
    ]);
  });

  it('in desired-state paths', () => {
    expect(stepById(result, 'source.publication.select.create').reasons).toEqual([
      'source.publications.select',
    ]);
    expect(stepById(result, 'source.grant."Répli""cator".select').reasons).toEqual([
      // The canonical key My Schema."Order ""x""; DROP TABLE users", path-quoted.
      'source.grants."Répli""cator".select."My Schema.""Order """"x""""; DROP TABLE users"""',
      'source.grants."Répli""cator".select."public.user"',
    ]);
  });

  it('in postcondition parameters, never in postcondition SQL', () => {
    const step = stepById(result, 'source.grant."Répli""cator".select');
    expect(step.postcondition?.sql).not.toContain('Order');
    expect(step.postcondition?.params).toEqual([
      ROLE,
      ['"My Schema"."Order ""x""; DROP TABLE users"', '"public"."user"'],
    ]);
  });

  it('a setting name too', () => {
    const result = planFor(
      { source: { settings: { 'my.custom"setting': "it's" } } },
      liveState({
        source: {
          settings: {
            'my.custom"setting': {
              setting: 'x',
              unit: null,
              vartype: 'string',
              context: 'user',
              pendingRestart: false,
            },
          },
        },
      }),
    );
    expect(lines(result)[0]).toBe(
      `source.setting."my.custom""setting".set: ALTER SYSTEM SET "my.custom""setting" = 'it''s';`,
    );
  });
});
