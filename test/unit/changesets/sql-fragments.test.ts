import { describe, expect, it } from 'vitest';
import { identifierProblem } from '../../../src/changesets/identifiers.js';
import { parseYaml } from '../../../src/changesets/parse-yaml.js';
import {
  columnTypeProblem,
  rowFilterProblem,
  settingTextProblem,
} from '../../../src/changesets/sql-fragments.js';

describe('row filters stay one expression', () => {
  it.each([
    'total > 100',
    `status IN ('paid', 'it''s; -- fine')`,
    `"Weird; name" = 'x'`,
    '(a > 1) AND (b < 2 OR c IS NULL)',
    'price$ > 0',
    'prix€$ > 0 AND "a$b" = \'$x$\'',
    'Größe > 1',
  ])('accepts %s', (filter) => expect(rowFilterProblem(filter)).toBeUndefined());

  it.each([
    ['true); DROP TABLE public.users; --', /closes more than it opened/],
    ['true; DROP TABLE public.users', /";" \(a second statement\)/],
    ['id > 0 -- and the rest', /a comment/],
    ['id > 0 /* hidden */', /a comment/],
    ['id > (0', /1 unclosed "\("/],
    [`name = 'open`, /unterminated string/],
    [`name = E'\\'' ) ; DROP TABLE x; --'`, /backslash in a string constant/],
    [`name = $$x$$`, /dollar-quoted/],
    [`name = $tag$x$tag$`, /dollar-quoted/],
    // A tag of non-ASCII letters: PostgreSQL reads $é$'$é$ as the string ', and the rest as SQL.
    [`$é$'$é$ IS NOT NULL); DROP TABLE users; --'`, /dollar-quoted/],
    [`1$a$'$a$ IS NULL); DROP TABLE users; --'`, /dollar-quoted/],
    ['id = $1', /a parameter/],
  ])('refuses %s', (filter, message) => expect(rowFilterProblem(filter)).toMatch(message));
});

describe('column types are type names', () => {
  it.each([
    'bigint',
    'numeric(12,2)',
    'numeric(12, 2)',
    'character varying(255)',
    'timestamp(3) with time zone',
    'double precision',
    'text[]',
    'integer[][]',
    'public."My Enum"',
    '"char"',
    'interval day to second(3)',
    'TIME WITHOUT TIME ZONE',
    'bit varying(5)',
    'interval year to month',
  ])('accepts %s', (type) => expect(columnTypeProblem(type)).toBeUndefined());

  it.each([
    'bigint); DROP TABLE public.users; --',
    'bigint, extra text',
    "text DEFAULT 'x'",
    'integer DEFAULT pg_terminate_backend(12345)',
    'integer REFERENCES t ON DELETE CASCADE',
    'integer GENERATED ALWAYS AS (1) STORED',
    'text COLLATE "C"',
    'integer NOT NULL',
    'int -- comment',
    '',
  ])('refuses %s', (type) => expect(columnTypeProblem(type)).toMatch(/expected a type name/));
});

describe('invisible characters', () => {
  it('refuses control and text-direction characters in names', () => {
    expect(identifierProblem('users\n+ fake plan line')).toMatch(/U\+000A/);
    expect(identifierProblem('admin\u202Enigol')).toMatch(/U\+202E/);
    expect(identifierProblem('Ünïcødé 表')).toBeUndefined();
  });

  it('refuses NUL in any text and bytes that are not UTF-8', () => {
    const nul = parseYaml('version: 1\ndescription: "a\\0b"\n', 'f.yaml');
    expect(nul.diagnostics.map((d) => [d.position?.line, d.code])).toEqual([[2, 'yaml.nul']]);
    const bytes = Buffer.from('version: 1\ndescription: \xff\n', 'latin1').toString('utf8');
    expect(parseYaml(bytes, 'f.yaml').diagnostics.map((d) => [d.position?.line, d.code])).toEqual([
      [2, 'yaml.encoding'],
    ]);
  });

  it('says what was expected of a document nested too deep', () => {
    const deep = `version: 1\ndescription: x\nlint: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(parseYaml(deep, 'f.yaml').diagnostics[0]?.message).toMatch(/nested at most a few hundred levels/);
  });
});

describe('setting values stay on one line', () => {
  it('refuses a line break that would reach postgresql.auto.conf', () => {
    expect(settingTextProblem("logical\nshared_preload_libraries = 'evil'")).toMatch(/U\+000A/);
    expect(settingTextProblem("logical'; DROP TABLE x; --")).toBeUndefined();
  });
});
