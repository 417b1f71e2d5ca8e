import { describe, expect, it } from 'vitest';
import {
  isMentioned,
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
