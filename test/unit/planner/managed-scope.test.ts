import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isMentioned,
  type ManagedScope,
  managedScope,
  mentionedKeys,
  mentionedTables,
  scopeAt,
} from '../../../src/planner/managed-scope.js';

const v1 = {
  version: 1,
  source: {
    grants: { replicator: { usage: ['public'], select: { 'public.users': {}, 'public.orders': {} } } },
    publications: { p: { tables: { 'public.users': {} } } },
  },
};
const v2 = {
  version: 2,
  source: {
    grants: {
      replicator: { usage: ['public', 'sales'], select: { 'public."invoices"': {}, 'public.users': null } },
    },
    publications: { p: null },
  },
};

describe('managedScope', () => {
  const scope = managedScope([v1, v2]);

  it('is the deep union of the keys of every document', () => {
    expect([...mentionedKeys(scope, ['source', 'grants', 'replicator', 'select'])].sort()).toEqual([
      'public."invoices"',
      'public.orders',
      'public.users',
    ]);
  });

  it('counts a key set to null as mentioned, with what earlier documents said below it', () => {
    expect(isMentioned(scope, ['source', 'publications', 'p'])).toBe(true);
    expect(isMentioned(scope, ['source', 'publications', 'p', 'tables', 'public.users'])).toBe(true);
  });

  it('counts the names in a list as mentioned keys', () => {
    expect(mentionedKeys(scope, ['source', 'grants', 'replicator', 'usage'])).toEqual(['public', 'sales']);
  });

  it('does not mention what no document names', () => {
    expect(isMentioned(scope, ['source', 'roles'])).toBe(false);
    expect(scopeAt(scope, ['target', 'subscriptions'])).toBeUndefined();
    expect(mentionedKeys(scope, ['source', 'settings'])).toEqual([]);
  });

  it('spells table keys canonically', () => {
    expect([...mentionedTables(scope, ['source', 'grants', 'replicator', 'select'])].sort()).toEqual([
      'public.invoices',
      'public.orders',
      'public.users',
    ]);
  });

  it('ignores scalars and tolerates non-object documents', () => {
    expect([...managedScope([null, 3, 'x', [1]]).keys()]).toEqual([]);
  });
});

describe('managedScope on random documents', () => {
  const key = fc.constantFrom(
    'source',
    'grants',
    'select',
    'public.users',
    'public."users"',
    'p',
    'tables',
    'x',
  );
  const documentArb = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, 1, 'text'),
      fc.array(fc.oneof(key, fc.integer())),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('is the deep union a map per mentioned key gives, leaves shared or not', () => {
    fc.assert(
      fc.property(fc.array(documentArb, { maxLength: 4 }), (documents) => {
        expect(tree(managedScope(documents))).toEqual(tree(mapPerKeyScope(documents)));
        expect([...mentionedTables(managedScope(documents), ['grants', 'select'])].sort()).toEqual(
          [...mentionedTables(mapPerKeyScope(documents), ['grants', 'select'])].sort(),
        );
      }),
      { numRuns: 500 },
    );
  });
});

/** The scope as first written, one map per mentioned key: the oracle. */
function mapPerKeyScope(documents: readonly unknown[]): ManagedScope {
  type Scope = Map<string, Scope>;
  const child = (scope: Scope, k: string): Scope => {
    const next = scope.get(k) ?? new Map();
    scope.set(k, next);
    return next;
  };
  const mention = (scope: Scope, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const element of value) if (typeof element === 'string') child(scope, element);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [k, member] of Object.entries(value)) mention(child(scope, k), member);
  };
  const root: Scope = new Map();
  for (const document of documents) mention(root, document);
  return root;
}

/** A scope as plain nested objects with sorted keys, to compare two scopes. */
function tree(scope: ManagedScope): unknown {
  return Object.fromEntries([...scope.keys()].sort().map((k) => [k, tree(scope.get(k)!)]));
}
