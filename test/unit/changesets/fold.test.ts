import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composePatches } from '../../../src/changesets/compose-patches.js';
import { fold, foldSteps, foldWithOrigins, latestVersion } from '../../../src/changesets/fold.js';
import type { JsonValue } from '../../../src/changesets/json.js';
import { mergePatch } from '../../../src/changesets/merge-patch.js';
import { validateAgainstSchema } from '../../../src/changesets/schema-validator.js';
import { SourceMap } from '../../../src/changesets/source-map.js';
import { shapedPatch } from './arbitraries.js';
import { changesetOf, validateTexts } from './helpers.js';

const sample = validateTexts(
  Object.fromEntries(
    readdirSync('changesets').map((name) => [name, readFileSync(`changesets/${name}`, 'utf8')]),
  ),
);

describe('fold of the sample changesets', () => {
  it('the samples are valid', () => expect(sample.diagnostics).toEqual([]));

  it('version 1 is the first document without version and description', () => {
    const state = fold(sample.changesets, 1);
    expect(state).not.toHaveProperty('version');
    expect(Object.keys(state.source?.publications?.my_publication?.tables ?? {})).toEqual([
      'public.users',
      'public.orders',
    ]);
    expect(state.target?.parameterGroup?.family).toBe('postgres17');
  });

  it('a later version adds members and null removes them', () => {
    expect(Object.keys(fold(sample.changesets, 2).source?.grants?.replicator?.select ?? {})).toEqual([
      'public.users',
      'public.orders',
      'public.invoices',
    ]);
    const v3 = fold(sample.changesets, 3);
    expect(Object.keys(v3.source?.publications?.my_publication?.tables ?? {})).toEqual([
      'public.users',
      'public.orders',
      'public.order_items',
    ]);
    expect(v3.source?.publications?.my_publication?.tables?.['public.order_items']?.columns).toEqual([
      'order_id',
      'line_no',
      'sku',
    ]);
    // Untouched branches are carried over as they were.
    expect(v3.source?.roles).toEqual(fold(sample.changesets, 1).source?.roles);
    expect(v3.target?.tables).toHaveProperty('public.invoices');
  });

  it('the default is the latest version', () => {
    expect(latestVersion(sample.changesets)).toBe(sample.changesets.length);
    expect(fold(sample.changesets)).toEqual(fold(sample.changesets, latestVersion(sample.changesets)));
  });

  it('refuses versions that do not exist', () => {
    expect(() => fold(sample.changesets, 0)).toThrow(/expected a changeset version from 1 to \d+, but got 0/);
    expect(() => fold(sample.changesets, 99)).toThrow(/but got 99/);
    expect(() => fold(sample.changesets, 1.5)).toThrow(/but got 1.5/);
  });

  it('no changesets fold to the empty state', () => expect(fold([])).toEqual({}));

  it('the folded document at every version validates against the changeset schema', () => {
    for (const step of foldSteps(sample.changesets)) {
      expect(
        validateAgainstSchema('changeset', step.document as unknown as JsonValue, new SourceMap('folded')),
      ).toEqual([]);
      expect(step.document.version).toBe(step.version);
    }
  });

  it('origin points at the changeset that last set a value', () => {
    const folded = foldWithOrigins(sample.changesets, 3);
    const columns = folded.origin('/source/publications/my_publication/tables/public.order_items/columns/1');
    expect(columns.file).toMatch(/0003-/);
    expect(
      readFileSync(columns.file, 'utf8')
        .split('\n')
        [columns.line - 1]?.slice(columns.column - 1),
    ).toMatch(/^line_no/);
    const users = folded.origin('/source/publications/my_publication/tables/public.users', 'key');
    expect(users.file).toMatch(/0001-/);
    expect(
      readFileSync(users.file, 'utf8')
        .split('\n')
        [users.line - 1]?.slice(users.column - 1),
    ).toMatch(/^public\.users: \{\}/);
  });
});

describe('fold provenance', () => {
  const changesets = [
    changesetOf(1, { source: { roles: { a: { login: true } }, settings: { wal_level: 'logical' } } }),
    changesetOf(2, { source: { roles: { a: { login: false }, b: {} }, settings: null } }),
    changesetOf(3, { source: { roles: { b: null } } }),
  ];

  it('writer and remover name the last changeset that wrote or removed a pointer, up to each step', () => {
    const steps = [...foldSteps(changesets)];
    // Every step answers for itself, even once later steps were taken.
    expect(steps[0]!.writer('/source/roles/a/login').version).toBe(1);
    expect(steps[1]!.writer('/source/roles/a/login').version).toBe(2);
    expect(steps[2]!.writer('/source/roles/a/login').version).toBe(2);
    // A pointer no changeset wrote belongs to its closest written ancestor.
    expect(steps[2]!.writer('/source/roles/a/replication').version).toBe(2);
    expect(steps[0]!.writer('/target/tables').version).toBe(1);
    expect(steps[1]!.remover('/source/settings')?.version).toBe(2);
    expect(steps[0]!.remover('/source/settings')).toBeUndefined();
    expect(steps[2]!.remover('/source/roles/b')?.version).toBe(3);
    expect(steps[2]!.remover('/source/roles/a')).toBeUndefined();
  });

  it('shares a patch that needs no merging instead of copying it, leaving it unchanged', () => {
    const roles = changesets[0]!.document.source!.roles!;
    const [first] = foldSteps(changesets);
    expect(first!.state.source?.roles).toBe(roles);
    expect(roles).toEqual({ a: { login: true } });
  });
});

describe('fold properties', () => {
  const patches = fc.array(shapedPatch, { minLength: 1, maxLength: 14 });

  it('folding patch by patch equals folding all at once, whatever order the files come in', () => {
    fc.assert(
      fc.property(patches, fc.infiniteStream(fc.nat()), (list, random) => {
        const changesets = list.map((patch, i) => changesetOf(i + 1, patch));
        // Shuffle: fold must order by version, numerically (10 after 9).
        const shuffled = [...changesets].sort(() => (random.next().value % 3) - 1);
        let expected: JsonValue = {};
        for (const c of changesets) expected = mergePatch(expected, c.document as unknown as JsonValue);
        const { version: _v, description: _d, ...state } = expected as Record<string, JsonValue>;
        expect(fold(shuffled)).toEqual(state);
        let k = 0;
        for (const step of foldSteps(shuffled)) {
          k++;
          expect(step.version).toBe(k);
          expect(step.state).toEqual(fold(changesets, k));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('folding two patches equals folding their composition', () => {
    fc.assert(
      fc.property(shapedPatch, shapedPatch, shapedPatch, (first, second, third) => {
        const composed = composePatches(second, third);
        if (composed === undefined) return;
        const stepwise = fold([changesetOf(1, first), changesetOf(2, second), changesetOf(3, third)]);
        const atOnce = fold([changesetOf(1, first), changesetOf(2, composed as typeof second)]);
        expect(atOnce).toEqual(stepwise);
      }),
      { numRuns: 200 },
    );
  });
});
