import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayable } from '../../../bench/query-replay.js';
import { startSharedTableRead } from '../../../src/introspect/parallel-table-read.js';
import { EXPORT_SNAPSHOT } from '../../../src/introspect/shared-snapshot.js';
import { ABORT_SNAPSHOT, BEGIN_SNAPSHOT, END_SNAPSHOT } from '../../../src/introspect/snapshot.js';
import {
  parseTableShare,
  shareTables,
  TABLES_QUERY,
  tablesFromShares,
} from '../../../src/introspect/table-catalog.js';
import { FakeDb } from './fake-db.js';

const SNAPSHOT = '00000003-0000001B-1';

/** A catalog row of TABLES_QUERY for schema.name (a one-column table). */
function row(schema: string, name: string): Record<string, unknown> {
  return {
    schema,
    name,
    kind: 'r',
    is_partition: false,
    replica_identity: 'd',
    estimated_rows: 0,
    empty: null,
    columns: [{ name: 'id', type: 'integer', notNull: true, generated: '', hasDefault: false }],
    primary_key: ['id'],
    replica_identity_columns: [],
    sequences: [],
  };
}

/** A session that answers the table query with a row per name it is asked for. */
function catalog(options: { failOn?: string } = {}): FakeDb {
  return new FakeDb((sql, params) => {
    if (sql === EXPORT_SNAPSHOT) return [{ snapshot: SNAPSHOT }];
    if (sql === options.failOn) return new Error('connection lost');
    if (sql !== TABLES_QUERY) return [];
    const [schemas, names] = params as [string[], string[]];
    return names.map((name, i) => row(schemas[i]!, name));
  });
}

describe('sharing the table catalog between sessions', () => {
  it('cuts the names into runs of nearly equal length, in order, each name once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 50 }),
        fc.integer({ min: 1, max: 5 }),
        (names, parts) => {
          const shares = shareTables(names, parts);
          expect(shares).toHaveLength(parts);
          expect(shares.flat()).toEqual(names);
          const sizes = shares.map((s) => s.length).filter((n) => n > 0);
          expect(Math.max(0, ...sizes) - Math.min(...sizes, Math.max(0, ...sizes))).toBeLessThanOrEqual(
            Math.ceil(names.length / parts),
          );
        },
      ),
    );
    expect(shareTables(['a.1', 'a.2', 'a.3', 'a.4', 'a.5'], 2)).toEqual([
      ['a.1', 'a.2', 'a.3'],
      ['a.4', 'a.5'],
    ]);
  });

  it('orders the tables by schema then name however the rows were shared out', () => {
    const rows = [row('b', 'x'), row('a', 'z'), row('a', 'Y'), row('A', 'q'), row('a', 'é')];
    const tablesOf = (reads: (typeof rows)[]) => tablesFromShares(reads.map(parseTableShare));
    const one = tablesOf([rows]);
    expect(Object.keys(one)).toEqual(['A.q', 'a.Y', 'a.z', 'a.é', 'b.x']);
    expect(Object.keys(tablesOf([rows.slice(3), [], rows.slice(0, 3)]))).toEqual(Object.keys(one));
    expect(tablesOf([rows.slice(2), rows.slice(0, 2)])).toEqual(one);
  });

  it('exports the snapshot, and each helper imports it, reads its share and commits', async () => {
    const main = catalog();
    const helper = catalog();
    const names = ['s.t1', 's.t2', 's.t3', 's.t4'];
    const read = await startSharedTableRead(main, [Promise.resolve(helper)], names, { readEmpty: false });
    expect(read.own).toEqual(['s.t1', 's.t2']);
    const [theirs] = await read.finish();
    expect(theirs?.map((r) => r.name)).toEqual(['t3', 't4']);
    expect(main.sent).toEqual([EXPORT_SNAPSHOT]);
    expect(helper.sent).toEqual([
      `${BEGIN_SNAPSHOT}; SET TRANSACTION SNAPSHOT '${SNAPSHOT}'`,
      TABLES_QUERY,
      END_SNAPSHOT,
    ]);
  });

  it('reads the share of a helper that did not open on the main session, and reports a failed read', async () => {
    const main = catalog();
    const refused = Promise.reject(new Error('too many connections'));
    refused.catch(() => undefined);
    const read = await startSharedTableRead(main, [refused], ['s.t1', 's.t2'], { readEmpty: false });
    const [theirs] = await read.finish();
    expect(theirs?.map((r) => r.name)).toEqual(['t2']);
    expect(main.sent).toEqual([EXPORT_SNAPSHOT, TABLES_QUERY]);

    const broken = catalog({ failOn: TABLES_QUERY });
    const failing = await startSharedTableRead(catalog(), [Promise.resolve(broken)], ['s.t1', 's.t2'], {
      readEmpty: false,
    });
    await expect(failing.finish()).rejects.toThrow('connection lost');
    expect(broken.sent.at(-1)).toBe(ABORT_SNAPSHOT);
  });

  it('reads everything on the main session without helpers, exporting nothing', async () => {
    const main = catalog();
    const read = await startSharedTableRead(main, [], ['s.t1'], { readEmpty: false });
    expect(read.own).toEqual(['s.t1']);
    expect(await read.finish()).toEqual([]);
    expect(main.sent).toEqual([]);
  });

  it('refuses a snapshot id that is not hex digits and dashes (it is spliced into SQL)', async () => {
    const main = new FakeDb((sql) =>
      sql === EXPORT_SNAPSHOT ? [{ snapshot: "1-1'; DROP TABLE x; --" }] : [],
    );
    await expect(
      startSharedTableRead(main, [Promise.resolve(catalog())], ['s.t1', 's.t2'], { readEmpty: false }),
    ).rejects.toThrow(/Expected a snapshot id/);
  });

  it('replays an imported snapshot as a plain BEGIN in the bench (the snapshot is gone by then)', () => {
    expect(replayable(`${BEGIN_SNAPSHOT}; SET TRANSACTION SNAPSHOT '${SNAPSHOT}'`)).toBe(BEGIN_SNAPSHOT);
    expect(replayable(TABLES_QUERY)).toBe(TABLES_QUERY);
  });
});
