import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTableKey, tableMapIndex } from '../../../src/changesets/table-keys.js';
import { formatQualifiedName, parseQualifiedName } from '../../../src/sql/quote.js';

describe('canonicalTableKey', () => {
  it('is the parsed key formatted again, or the key when it does not parse', () => {
    const reference = (key: string) => {
      const parsed = parseQualifiedName(key);
      return parsed ? formatQualifiedName(parsed) : key;
    };
    const keys = fc.oneof(fc.stringMatching(/^[a-zA-Z_ ."]{0,12}$/), fc.string());
    fc.assert(
      fc.property(keys, (key) => canonicalTableKey(key) === reference(key)),
      { numRuns: 5000 },
    );
    expect(canonicalTableKey('"public"."users"')).toBe('public.users');
    expect(canonicalTableKey('public."a.b"')).toBe('public."a.b"');
  });
});

describe('tableMapIndex', () => {
  it('names each table once by its canonical spelling, first and last key, and lists the repeats', () => {
    const map = { 'public.a': 1, '"public"."a"': 2, 'public.b': 3, '"public".a': 4 };
    const index = tableMapIndex(map);
    expect(index.keys).toEqual(['public.a', '"public"."a"', 'public.b', '"public".a']);
    expect(index.canonical).toEqual(['public.a', 'public.a', 'public.b', 'public.a']);
    expect(index.values).toEqual([1, 2, 3, 4]);
    expect([...index.first]).toEqual([
      ['public.a', 0],
      ['public.b', 2],
    ]);
    expect(index.last.get('public.a')).toBe(3);
    expect(index.last.get('public.b')).toBe(2);
    expect(index.duplicates).toEqual([
      { key: '"public"."a"', earlier: 'public.a' },
      { key: '"public".a', earlier: 'public.a' },
    ]);
  });

  it('is built once per map and is empty for no map', () => {
    const map = { 'public.a': {} };
    expect(tableMapIndex(map)).toBe(tableMapIndex(map));
    expect(tableMapIndex(undefined).keys).toEqual([]);
  });
});
