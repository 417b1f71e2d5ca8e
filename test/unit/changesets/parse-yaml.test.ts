import { describe, expect, it } from 'vitest';
import { MAX_YAML_BYTES, parseYaml } from '../../../src/changesets/parse-yaml.js';

const where = (text: string) =>
  parseYaml(text, 'f.yaml').diagnostics.map(
    (d) => `${d.position?.line}:${d.position?.column} ${d.code} ${d.message}`,
  );

describe('parseYaml positions', () => {
  const text = `version: 1
source:
  publications:
    "my/pub~x":
      tables:
        public.users: {}
      publish:
        - insert
        - update
  empty:
`;
  const { value, positions, diagnostics } = parseYaml(text, 'f.yaml');

  it('parses to JSON data', () => {
    expect(diagnostics).toEqual([]);
    expect(value).toEqual({
      version: 1,
      source: {
        publications: { 'my/pub~x': { tables: { 'public.users': {} }, publish: ['insert', 'update'] } },
        empty: null,
      },
    });
  });

  it('maps JSON Pointers (escaped per RFC 6901) to keys and values', () => {
    expect(positions.key('/source/publications/my~1pub~0x')).toEqual({ file: 'f.yaml', line: 4, column: 5 });
    expect(positions.value('/source/publications/my~1pub~0x/tables/public.users')).toMatchObject({
      line: 6,
      column: 23,
    });
    expect(positions.key('/source/publications/my~1pub~0x/tables/public.users')).toMatchObject({
      line: 6,
      column: 9,
    });
    expect(positions.value('/source/publications/my~1pub~0x/publish/1')).toMatchObject({
      line: 9,
      column: 11,
    });
  });

  it('puts an empty value at its key, and unknown pointers at their nearest ancestor', () => {
    expect(positions.value('/source/empty')).toMatchObject({ line: 10, column: 3 });
    expect(positions.value('/source/publications/my~1pub~0x/tables/missing')).toMatchObject({
      line: 6,
      column: 9,
    });
  });
});

describe('parseYaml hardening', () => {
  it('refuses aliases, so no billion-laughs document can be built', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
`;
    const problems = where(bomb);
    expect(problems[0]).toMatch(/^2:8 yaml.alias expected a value written out, but got the alias \*a/);
    expect(problems).toHaveLength(18);
  });

  it('refuses duplicate keys, pointing at the second', () => {
    expect(where('a: 1\nb:\n  c: 1\n  c: 2\n')).toEqual([
      '4:3 yaml.duplicate-key expected each key once in a map, but got "c" again (first at line 3, column 3)',
    ]);
  });

  it('reports tabs, syntax errors and several documents at their line and column', () => {
    expect(where('a: 1\n\tb: 2\n')[0]).toMatch(
      /^2:1 yaml.syntax expected spaces for indentation, but got a tab/,
    );
    expect(where('a: [1, 2\n')[0]).toMatch(/^2:1 yaml.syntax YAML syntax error: /);
    expect(where('a: "x\n')[0]).toMatch(/^2:1 yaml.syntax .*quote/);
    expect(where('a: 1\n---\nb: 2\n')[0]).toMatch(/^2:1 yaml.syntax expected one YAML document per file/);
  });

  it('refuses custom tags, non-scalar keys and numbers JSON cannot hold', () => {
    expect(where('a: !secret x\n')[0]).toMatch(/^1:4 yaml.tag expected plain YAML values, but got a tag/);
    expect(where('? [a]\n: 1\n')[0]).toMatch(
      /^1:3 yaml.key expected a key that is a string, but got a list or map as key/,
    );
    expect(where('a: .inf\n')[0]).toMatch(/^1:4 yaml.number expected a finite number, but got Infinity/);
  });

  it('caps the size of a file', () => {
    const big = `a: "${'x'.repeat(MAX_YAML_BYTES)}"\n`;
    expect(where(big)).toEqual([
      '1:1 yaml.too-large expected a file of at most 1 MiB (1048576 bytes), but got a larger one',
    ]);
  });

  it('keeps __proto__ as a plain key', () => {
    const { value } = parseYaml('__proto__: { login: true }\n', 'f.yaml');
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
