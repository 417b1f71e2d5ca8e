import { describe, expect, it } from 'vitest';
import type { SecretRef } from '../../../src/model/secret-ref.js';
import { statements } from '../../../src/planner/draft-step.js';
import type { Sql } from '../../../src/planner/plan.js';
import { displaySql, executableSql, formatConninfo, statementCount } from '../../../src/planner/sql-text.js';

const secrets: Record<string, string> = { PW: "s3cr'et\\pass word", PLAIN: 'hunter2' };
const resolve = (ref: SecretRef) => {
  if (!('env' in ref)) throw new Error('only env in this test');
  const value = secrets[ref.env];
  if (value === undefined) throw new Error(`unknown ${ref.env}`);
  return value;
};

const createRole: Sql = ['CREATE ROLE "r" WITH LOGIN PASSWORD ', { secretLiteral: { env: 'PW' } }, ';'];
const createSubscription: Sql = [
  'CREATE SUBSCRIPTION "s" CONNECTION ',
  {
    conninfoLiteral: {
      host: 'db.example.com',
      port: '5432',
      dbname: "o'brien db",
      user: 'replicator',
      password: { env: 'PW' },
      sslmode: 'require',
    },
  },
  ' PUBLICATION "p";',
];

describe('displaySql', () => {
  it.each([
    [['SELECT 1;'], 'SELECT 1;'],
    [createRole, 'CREATE ROLE "r" WITH LOGIN PASSWORD <secret env:PW>;'],
    [
      ['ALTER ROLE "r" PASSWORD ', { secretLiteral: { file: '/run/pw' } }],
      'ALTER ROLE "r" PASSWORD <secret file:/run/pw>',
    ],
    [
      createSubscription,
      String.raw`CREATE SUBSCRIPTION "s" CONNECTION E'host=db.example.com port=5432 dbname=''o\\''brien db'' user=replicator password=<secret env:PW> sslmode=require' PUBLICATION "p";`,
    ],
  ] as [Sql, string][])('%j', (sql, text) => {
    expect(displaySql(sql)).toBe(text);
  });

  it('never contains a secret value', () => {
    for (const sql of [createRole, createSubscription]) {
      const text = displaySql(sql);
      expect(text).not.toContain('s3cr');
      expect(text).not.toContain('pass word');
    }
  });
});

describe('executableSql', () => {
  it("turns a role's password into the literal of its SCRAM verifier: the plaintext never reaches the server", () => {
    expect(executableSql(createRole, resolve)).toMatch(
      /^CREATE ROLE "r" WITH LOGIN PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}';$/,
    );
  });

  it('turns a conninfo into one literal of libpq keywords, quoting values where libpq needs it', () => {
    // libpq reads: dbname='o\'brien db' password='s3cr\'et\\pass word'; SQL then doubles ' and \.
    expect(executableSql(createSubscription, resolve)).toBe(
      String.raw`CREATE SUBSCRIPTION "s" CONNECTION E'host=db.example.com port=5432 dbname=''o\\''brien db'' user=replicator password=''s3cr\\''et\\\\pass word'' sslmode=require' PUBLICATION "p";`,
    );
  });
});

describe('formatConninfo', () => {
  it.each([
    [{ host: 'h', port: '5432' }, 'host=h port=5432'],
    [{ password: { env: 'PLAIN' } }, 'password=hunter2'],
    [{ password: { env: 'PW' } }, "password='s3cr\\'et\\\\pass word'"],
    [{ application_name: '' }, "application_name=''"],
    [{ dbname: 'a\tb' }, "dbname='a\tb'"],
  ] as [Record<string, string | SecretRef>, string][])('%j -> %s', (conninfo, text) => {
    expect(formatConninfo(conninfo, resolve)).toBe(text);
  });

  it('refuses a keyword that is not one', () => {
    expect(() => formatConninfo({ 'host=x password': 'y' }, resolve)).toThrow(
      /not a libpq connection keyword/,
    );
  });
});

describe('statementCount', () => {
  it('counts the statements the planner joined, secrets and all', () => {
    expect(statementCount(statements('CREATE SCHEMA "a"'))).toBe(1);
    expect(statementCount(statements('CREATE SCHEMA "a"', 'CREATE SCHEMA "b"', 'CREATE SCHEMA "c"'))).toBe(3);
    expect(statementCount(createSubscription)).toBe(1);
    expect(
      statementCount(statements(['CREATE ROLE "r" PASSWORD ', { secretLiteral: { env: 'PW' } }], 'SELECT 1')),
    ).toBe(2);
  });

  it('counts a name holding a semicolon and a line break once more, never fewer', () => {
    expect(statementCount(statements('CREATE TABLE "a;\nb" (id int)', 'SELECT 1'))).toBe(3);
  });
});
