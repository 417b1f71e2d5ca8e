import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composePatches } from '../../../src/changesets/compose-patches.js';
import type { JsonValue } from '../../../src/changesets/json.js';
import { mergePatch } from '../../../src/changesets/merge-patch.js';
import { diffMergePatch } from '../../../src/changesets/merge-patch-diff.js';
import { anyJson, nullFreeJson, shapedDocument, shapedPatch } from './arbitraries.js';

describe('mergePatch: RFC 7386 appendix A', () => {
  const cases: [JsonValue, JsonValue, JsonValue][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j patched with %j is %j', (target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });
});

describe('mergePatch on changeset-like documents', () => {
  const base = {
    source: {
      grants: { replicator: { usage: ['public'], select: { 'public.users': {}, 'public.orders': {} } } },
      publications: { p: { publish: ['insert', 'update'], tables: { 'public.users': {} } } },
    },
  };
  it('removes one member of a set with null and keeps its siblings', () => {
    const patched = mergePatch(base, {
      source: { grants: { replicator: { select: { 'public.users': null } } } },
    });
    expect(patched).toEqual({
      source: {
        grants: { replicator: { usage: ['public'], select: { 'public.orders': {} } } },
        publications: base.source.publications,
      },
    });
  });
  it('adds into nested maps without touching other branches', () => {
    const patched = mergePatch(base, {
      source: { publications: { p: { tables: { 'public.invoices': {} } } } },
    });
    expect(patched).toMatchObject({
      source: {
        publications: {
          p: { publish: ['insert', 'update'], tables: { 'public.users': {}, 'public.invoices': {} } },
        },
      },
    });
    expect((patched as typeof base).source.grants).toBe(base.source.grants);
  });
  it('replaces lists whole', () => {
    const patched = mergePatch(base, { source: { publications: { p: { publish: ['insert'] } } } });
    expect((patched as typeof base).source.publications.p.publish).toEqual(['insert']);
  });
  it('does not modify its inputs', () => {
    const before = structuredClone(base);
    mergePatch(base, { source: { grants: null } });
    expect(base).toEqual(before);
  });
  it('keeps __proto__ as an ordinary key (a valid PostgreSQL name)', () => {
    const patch = JSON.parse('{"__proto__": {"login": true}}') as JsonValue;
    const patched = mergePatch({}, patch) as Record<string, unknown>;
    expect(Object.keys(patched)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
  });
});

describe('merge patch properties', () => {
  it('is idempotent: applying a patch twice changes nothing more', () => {
    fc.assert(
      fc.property(anyJson, anyJson, (target, patch) => {
        const once = mergePatch(target, patch);
        expect(mergePatch(once, patch)).toEqual(once);
      }),
    );
  });

  it('diff: mergePatch(a, diffMergePatch(a, b)) equals b', () => {
    fc.assert(
      fc.property(nullFreeJson, nullFreeJson, (a, b) => {
        expect(mergePatch(a, diffMergePatch(a, b))).toEqual(b);
      }),
    );
  });

  it('diff of equal maps is the empty patch', () => {
    fc.assert(
      fc.property(shapedDocument, (a) => {
        expect(diffMergePatch(a, structuredClone(a))).toEqual({});
      }),
    );
  });

  it('diff names only what changed', () => {
    expect(
      diffMergePatch(
        { t: { 'public.users': {}, 'public.orders': {} }, p: ['insert'] },
        { t: { 'public.users': {}, 'public.invoices': {} }, p: ['insert'] },
      ),
    ).toEqual({ t: { 'public.orders': null, 'public.invoices': {} } });
  });

  it('composition: applying p then q equals applying composePatches(p, q) whenever it exists', () => {
    let composable = 0;
    fc.assert(
      fc.property(shapedDocument, shapedPatch, shapedPatch, (doc, p, q) => {
        const composed = composePatches(p, q);
        if (composed === undefined) return;
        composable++;
        expect(mergePatch(doc, composed)).toEqual(mergePatch(mergePatch(doc, p), q));
      }),
      { numRuns: 300 },
    );
    // The generator must exercise the property, not skip it.
    expect(composable).toBeGreaterThan(100);
  });

  it('composition is refused exactly where a deleted or replaced member is patched as a map', () => {
    expect(composePatches({ a: null }, { a: { b: 1 } })).toBeUndefined();
    expect(composePatches({ a: 5 }, { a: { b: 1 } })).toBeUndefined();
    expect(composePatches({ a: { x: null } }, { a: { y: 1 } })).toEqual({ a: { x: null, y: 1 } });
    // Why the refusal is right: no single patch turns {a:{c:1}} into {a:{b:1}} via these two steps.
    expect(mergePatch(mergePatch({ a: { c: 1 } }, { a: null }), { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(mergePatch({ a: { c: 1 } }, { a: { b: 1 } })).toEqual({ a: { c: 1, b: 1 } });
  });
});
