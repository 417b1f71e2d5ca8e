import { describe, expect, it } from 'vitest';
import { TableSql } from '../../../src/verify/table-sql.js';
import { verifiedTables } from '../../../src/verify/verified-table.js';
import { column, liveState, publication, subscription, table } from '../planner/builders.js';

const live = liveState({
  source: {
    publications: {
      p1: publication({
        'public.orders': { columns: ['id', 'total'], where: '(total > (100)::numeric)' },
        'public.users': {},
      }),
      p2: publication({ 'public."Odd Name"': {} }),
    },
    tables: {
      'public.orders': table(
        [column('id', 'bigint'), column('user_id', 'bigint'), column('total', 'numeric(10,2)')],
        ['id'],
      ),
      'public.users': table(
        [column('id', 'bigint'), column('email', 'text'), { ...column('g', 'int'), generated: 'stored' }],
        ['id'],
      ),
      'public."Odd Name"': table([column('k"ey', 'text'), column('v', 'int')], ['k"ey']),
    },
  },
  target: {
    tables: {
      'public.orders': table([column('id', 'bigint'), column('total', 'numeric')], ['id']),
      'public.users': table([column('id', 'bigint')], ['id']),
    },
    subscriptions: { s: subscription({ publications: ['p1', 'p2'] }) },
  },
});

describe('verifiedTables', () => {
  it('takes the published columns, the row filter and the key from the live catalogs', () => {
    const specs = verifiedTables(live, ['s', 'missing']);
    expect(specs.map((s) => s.table)).toEqual(['public."Odd Name"', 'public.orders', 'public.users']);
    expect(specs[1]).toEqual({
      table: 'public.orders',
      subscription: 's',
      columns: [
        { name: 'id', sourceType: 'bigint', targetType: 'bigint' },
        { name: 'total', sourceType: 'numeric(10,2)', targetType: 'numeric' },
      ],
      filter: '((total > (100)::numeric))',
      key: ['id'],
      missingOnTarget: [],
    });
    expect(specs[2]).toMatchObject({
      columns: [{ name: 'id' }, { name: 'email' }],
      missingOnTarget: ['email'],
    });
    expect(specs[0]).toMatchObject({ missingOnTarget: 'table' });
    expect(verifiedTables(live, ['s'], new Set(['public.users'])).map((s) => s.table)).toEqual([
      'public.users',
    ]);
  });
});

describe('TableSql', () => {
  const [odd, orders] = verifiedTables(live, ['s']);

  it('checksums the published columns in key order, the row filter on the source only', () => {
    const source = new TableSql(orders!).checksum('source');
    expect(source.sql).toContain(`string_agg(ROW("id", "total")::text, E'\\n' ORDER BY "id")`);
    expect(source.sql).toContain('FROM "public"."orders" WHERE (((total > (100)::numeric)))');
    expect(source.params).toEqual([]);
    expect(new TableSql(orders!).checksum('target').sql).not.toContain('WHERE');
  });

  it('bounds a key range with typed text parameters, ordering text keys with COLLATE "C"', () => {
    const range = new TableSql(odd!).checksum('source', { after: ['a'], upTo: ['m'] });
    expect(range.sql).toContain(
      'FROM "public"."Odd Name" WHERE ROW("k""ey" COLLATE "C") > ROW($1::text::text) AND ROW("k""ey" COLLATE "C") <= ROW($2::text::text)',
    );
    expect(range.sql).toContain('ORDER BY "k""ey" COLLATE "C"');
    expect(range.params).toEqual(['a', 'm']);
    const onTarget = new TableSql(orders!).rows('target', { after: ['5'] });
    expect(onTarget.sql).toBe(
      'SELECT "id"::text AS k0, md5(ROW("id", "total")::text) AS digest FROM "public"."orders" WHERE ROW("id") > ROW($1::text::bigint) ORDER BY "id"',
    );
  });

  it('picks every n-th key on the source for the chunk bounds', () => {
    const bounds = new TableSql(orders!).bounds(1000);
    expect(bounds.sql).toContain('row_number() OVER (ORDER BY "id") AS n');
    expect(bounds.sql).toContain('WHERE n % 1000 = 0');
    expect(bounds.sql).toContain('WHERE (((total > (100)::numeric)))');
  });

  it('orders a table without key by the row text, and names rows by their digest', () => {
    const keyless = new TableSql({ ...orders!, key: [] });
    expect(keyless.checksum('target').sql).toContain(`ORDER BY ROW("id", "total")::text COLLATE "C"`);
    expect(keyless.rows('target').sql).toContain('SELECT md5(ROW("id", "total")::text) AS k0');
  });
});
