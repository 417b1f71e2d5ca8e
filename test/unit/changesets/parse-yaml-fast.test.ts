import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type JsonValue } from '../../../src/changesets/json.js';
import { childPointer } from '../../../src/changesets/json-pointer.js';
import { type ParsedYaml, parseYaml } from '../../../src/changesets/parse-yaml.js';
import { parseYamlFast } from '../../../src/changesets/parse-yaml-fast.js';

/**
 * The fast path (js-yaml events) may only ever accept what the strict path (`yaml`) accepts, with
 * the same value and the same position for every key and value; everything else it must leave to
 * the strict path, whose diagnostics are then the only ones.
 */
function expectSameAsStrict(text: string): 'fast' | 'strict' {
  const fast = parseYamlFast(text, 'f.yaml');
  const strict = parseYaml(text, 'f.yaml', 'strict');
  if (fast === undefined) {
    expect(parseYaml(text, 'f.yaml')).toEqual(strict);
    return 'strict';
  }
  expect(strict.diagnostics, text).toEqual([]);
  expect(fast.diagnostics).toEqual([]);
  expect(fast.value, text).toStrictEqual(strict.value);
  expect(positionsOf(fast), text).toEqual(positionsOf(strict));
  return 'fast';
}

/** Every pointer of the value with its key and value positions. */
function positionsOf(parsed: ParsedYaml): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (value: JsonValue, pointer: string) => {
    const { positions } = parsed;
    // A pointer below it that is not in the document falls back to it.
    const missing = childPointer(pointer, 'not/in~the document');
    out[pointer] = {
      has: positions.has(pointer),
      key: positions.key(pointer),
      value: positions.value(pointer),
      missing: { has: positions.has(missing), key: positions.key(missing), value: positions.value(missing) },
    };
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, childPointer(pointer, i));
    } else if (isJsonObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, childPointer(pointer, k));
    }
  };
  if (parsed.value !== undefined) visit(parsed.value, '');
  return out;
}

const SCALARS = [
  'a',
  'public.users',
  'x y',
  'null',
  'Null',
  'NULL',
  '~',
  'true',
  'True',
  'TRUE',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  '0',
  '-0',
  '+1',
  '12',
  '007',
  '0o17',
  '0o8',
  '0x1F',
  '0xg',
  '0b101',
  '1_000',
  '1e3',
  '-1.5E-2',
  '.5',
  '1.',
  '1.0',
  '+.5',
  '.inf',
  '-.Inf',
  '.NaN',
  '.nan',
  'inf',
  '1:2',
  'a:b',
  'a #b',
  'a#b',
  '-a',
  '- a',
  ':a',
  '?a',
  '@a',
  '`a',
  '%a',
  '&a',
  '*a',
  '!a',
  '|',
  '>',
  'a,b',
  'a]',
  'a}',
  '2001-12-14',
  '12:30:00',
  '99999999999999999999',
  '1e400',
  'é',
  '日本',
  '__proto__',
  'constructor',
  '"q"',
  "'q'",
  '"a\\tb"',
  '"\\u00e9\\n"',
  '"\\0"',
  "'it''s'",
  '""',
  "''",
  '"a # b"',
  "'[x]'",
  '"multi\n  line"',
  "'multi\n  line'",
  'plain\n  more',
  '|\n  block\n',
  '>-\n  folded\n',
  '&anchor a',
  '*alias',
  '!!str 1',
  '!tag x',
  '!!int 3',
];
const KEYS = [
  'a',
  'b',
  'version',
  'public.users',
  '"q k"',
  "'s'",
  '1',
  '1.0',
  'true',
  'null',
  '~',
  '"x:y"',
  'a b',
  '__proto__',
  '? c',
  '[k]',
  '{k: v}',
  '""',
];

type Tree =
  | string
  | { readonly map: readonly (readonly [string, Tree])[] }
  | { readonly seq: readonly Tree[] };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.record({ map: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('tree')), { maxLength: 4 }) }),
    fc.record({ seq: fc.array(tie('tree'), { maxLength: 4 }) }),
  ),
})).tree;

const isLeaf = (t: Tree): t is string => typeof t === 'string';

/** Flow style of a tree (`{a: 1, b: [x]}`). */
function flow(t: Tree): string {
  if (isLeaf(t)) return t;
  if ('map' in t) return `{${t.map.map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;
  return `[${t.seq.map(flow).join(', ')}]`;
}

/** Block style at `indent`, with flow style for the nodes `useFlow` picks. */
function block(t: Tree, indent: string, useFlow: () => boolean, comment: () => string): string {
  if (isLeaf(t) || useFlow() || ('map' in t ? t.map.length === 0 : t.seq.length === 0))
    return ` ${flow(t)}${comment()}\n`;
  if ('map' in t)
    return `${comment()}\n${t.map.map(([k, v]) => `${indent}${k}:${block(v, `${indent}  `, useFlow, comment)}`).join('')}`;
  return `${comment()}\n${t.seq.map((v) => `${indent}-${block(v, `${indent}  `, useFlow, comment)}`).join('')}`;
}

/** A document whose root map is in block style; `flows` and `comments` pick styles and comments in turn. */
function blockDocument(
  root: { readonly map: readonly (readonly [string, Tree])[] },
  flows: readonly boolean[],
  comments: readonly string[],
): string {
  let f = 0;
  let c = 0;
  const useFlow = () => flows[f++ % flows.length]!;
  const comment = () => comments[c++ % comments.length]!;
  return root.map.map(([k, v]) => `${k}:${block(v, '  ', useFlow, comment)}`).join('');
}

const MUTATIONS = [
  ' ',
  '\n',
  ':',
  '-',
  '#',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '?',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '\t',
  '\r',
  'a',
  '  ',
  '---\n',
  '...\n',
];

const document = fc
  .record({
    root: fc.record({
      map: fc.array(fc.tuple(fc.constantFrom(...KEYS), tree), { minLength: 1, maxLength: 5 }),
    }),
    flows: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    comments: fc.array(fc.constantFrom('', '', '', ' # c', '  #x: y'), { minLength: 8, maxLength: 8 }),
    prefix: fc.constantFrom('', '', '# head\n', '\n\n', '---\n', '%YAML 1.2\n---\n'),
    mutations: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MUTATIONS), fc.boolean()), { maxLength: 3 }),
  })
  .map(({ root, flows, comments, prefix, mutations }) => {
    let text = prefix + blockDocument(root, flows, comments);
    for (const [at, piece, remove] of mutations) {
      const i = at % (text.length + 1);
      text = remove ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + piece + text.slice(i);
    }
    return text;
  });

/** Changeset-like documents: plain and quoted one-line scalars, block and flow collections. */
const PLAIN_SCALARS = [
  'a',
  'public.users',
  'x y',
  'null',
  '~',
  'true',
  'False',
  '0',
  '-3',
  '12',
  '1.5',
  '0x1F',
  '"q r"',
  "'s'",
  '""',
  '"a\\"b"',
  'é',
];
const plainTree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PLAIN_SCALARS),
    fc.record({
      map: fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c d', '"e"', 'public.t'), tie('tree')), {
        maxLength: 4,
        selector: ([k]) => k.replaceAll('"', ''),
      }),
    }),
    fc.record({ seq: fc.array(tie('tree'), { maxLength: 4 }) }),
  ),
})).tree;
const plainDocument = fc
  .record({
    root: fc.record({
      map: fc.uniqueArray(fc.tuple(fc.constantFrom('version', 'source', 'target', 'x'), plainTree), {
        minLength: 1,
        maxLength: 4,
        selector: ([k]) => k,
      }),
    }),
    flows: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    comments: fc.array(fc.constantFrom('', '', ' # c'), { minLength: 8, maxLength: 8 }),
  })
  .map(({ root, flows, comments }) => blockDocument(root, flows, comments));

describe('parseYamlFast against the strict parser', () => {
  it('accepts only what the strict parser accepts, with the same values and positions', () => {
    const taken = { fast: 0, strict: 0 };
    fc.assert(
      fc.property(document, (text) => {
        taken[expectSameAsStrict(text)]++;
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many generated documents take the fast path (most others have an anchor, a tag,
    // a block scalar or a syntax error on purpose).
    expect(taken.fast).toBeGreaterThan(100);
  });

  it('takes the fast path for documents written as changesets are', () => {
    let fast = 0;
    fc.assert(
      fc.property(plainDocument, (text) => {
        if (expectSameAsStrict(text) === 'fast') fast++;
      }),
      { numRuns: 500 },
    );
    expect(fast).toBeGreaterThan(450);
  });

  it('gives every file of the repository the strict parser values and positions', () => {
    const root = join(import.meta.dirname, '../../..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', '.git', 'results', 'dist'].includes(entry.name)) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(entry.name)) files.push(path);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(20);
    const fast = files.filter((file) => {
      try {
        return expectSameAsStrict(readFileSync(file, 'utf8')) === 'fast';
      } catch (error) {
        throw new Error(`${relative(root, file)}: ${(error as Error).message}`);
      }
    });
    expect(fast.length).toBeGreaterThan(files.length / 2);
  });

  it.each([
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['an anchor', 'a: &x 1\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a custom tag', 'a: !secret x\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an empty key', ': 1\n'],
    ['a null key', '~: 1\n'],
    ['a map as key', '? {a: 1}\n: 2\n'],
    ['infinity', 'a: .inf\n'],
    ['NaN', 'a: .nan\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a tab', 'a:\t1\n'],
    ['a NUL escape', 'a: "x\\0y"\n'],
    ['a replacement character', 'a: \uFFFD\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['an empty document', ''],
    ['a comment only', '# nothing\n'],
    ['an implicit key over 1024 characters', `${'k'.repeat(1100)}: 1\n`],
    ['a quoted key over 1024 characters', `"${'k'.repeat(1100)}": 1\n`],
  ])('leaves %s to the strict parser', (_, text) => {
    expect(parseYamlFast(text, 'f.yaml')).toBeUndefined();
    expectSameAsStrict(text);
  });
});
