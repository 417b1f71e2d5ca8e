import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src/changesets/json.js';
import { matchPath, matchPaths } from '../../../src/changesets/walk.js';

const document: JsonValue = {
  source: {
    roles: { b: { password: { file: 'x' } }, a: { login: true } },
    publications: { p: { tables: { 't.b': { columns: ['x', 'y'] }, 't.a': {} } }, q: null },
    settings: ['not', 'a', 'map'],
  },
  target: { tables: { 't.a': { from: 'source' } }, database: 'app' },
};

const summary = (matches: readonly { pointer: string; key: string; value: JsonValue }[]) =>
  matches.map(({ pointer, key, value }) => ({ pointer, key, value }));

describe('matchPaths', () => {
  it('finds, in document order, what each path finds on its own', () => {
    const paths = [
      ['source', 'roles', '*'],
      ['source', 'roles', '*', 'password', 'file'],
      ['source', 'publications', '*', 'tables', '*'],
      ['source', 'publications', '*', 'tables', '*', 'columns', '*'],
      ['source', 'publications', 'p', 'tables'],
      ['source', 'publications', '*'],
      ['source', 'settings', '*'],
      ['source', 'settings', '0'],
      ['target', '*'],
      ['target', 'database'],
      ['missing', '*'],
    ];
    const together = matchPaths(document, paths).map(summary);
    expect(together).toEqual(paths.map((path) => summary(matchPath(document, path))));
    expect(together[3]!.map((m) => m.pointer)).toEqual([
      '/source/publications/p/tables/t.b/columns/0',
      '/source/publications/p/tables/t.b/columns/1',
    ]);
    expect(together[6]!.map((m) => m.key)).toEqual(['0', '1', '2']);
    expect(together[7]).toEqual([]);
    expect(together[8]!.map((m) => m.key)).toEqual(['tables', 'database']);
    expect(together[9]!.map((m) => m.value)).toEqual(['app']);
  });

  it('matches the document itself for the empty path', () => {
    expect(summary(matchPath(document, []))).toEqual([{ pointer: '', key: '', value: document }]);
  });
});
