import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../../src/local/rds-endpoint/catalogue.js';
import {
  alterSystemStatements,
  appliedAfter,
  diffSettings,
  engineTarget,
  listItems,
} from '../../../src/local/rds-endpoint/engine-settings.js';
import type { UserParameter } from '../../../src/local/rds-endpoint/state.js';
import { FILES, SETTINGS } from './settings-fixture.js';

const catalogue = buildCatalogue(SETTINGS, FILES);
const user = (value: string): UserParameter => ({ value, applyMethod: 'pending-reboot' });

describe('engineTarget', () => {
  it('turns rds.logical_replication=1 into wal_level=logical and keeps RDS-only values off the engine', () => {
    expect(
      engineTarget(
        {
          'rds.logical_replication': user('1'),
          max_worker_processes: user('20'),
          'rds.force_ssl': user('1'),
        },
        catalogue,
      ),
    ).toEqual({ wal_level: 'logical', max_worker_processes: '20' });
  });

  it('runs with wal_level=replica when the group leaves rds.logical_replication at 0', () => {
    expect(engineTarget({}, catalogue)).toEqual({ wal_level: 'replica' });
    expect(engineTarget({ 'rds.logical_replication': user('0') }, catalogue)).toEqual({
      wal_level: 'replica',
    });
  });

  it('writes booleans as on/off', () => {
    expect(engineTarget({ autovacuum: user('0') }, catalogue).autovacuum).toBe('off');
  });
});

describe('diffSettings', () => {
  it('sets what differs and resets what the group no longer has', () => {
    const applied = { wal_level: 'replica', max_worker_processes: '20', autovacuum: 'off' };
    const target = { wal_level: 'logical', max_worker_processes: '20', random_page_cost: '1.1' };
    expect(diffSettings(applied, target)).toEqual({
      set: { random_page_cost: '1.1', wal_level: 'logical' },
      reset: ['autovacuum'],
    });
  });

  it('can be restricted to some settings', () => {
    expect(diffSettings({ a: '1' }, { a: '2', b: '3' }, ['b'])).toEqual({ set: { b: '3' }, reset: [] });
  });

  it('records only the statements that went through', () => {
    const change = { set: { a: '2', b: '3' }, reset: ['c'] };
    expect(appliedAfter({ a: '1', c: '9' }, change, ['a', 'c'])).toEqual({ a: '2' });
  });
});

describe('alterSystemStatements', () => {
  it('quotes names and values', () => {
    const statements = alterSystemStatements(
      { set: { max_worker_processes: '20', log_statement: "it's" }, reset: ['autovacuum'] },
      catalogue,
    );
    expect(statements.map((s) => s.sql)).toEqual([
      `ALTER SYSTEM SET "max_worker_processes" TO '20'`,
      `ALTER SYSTEM SET "log_statement" TO 'it''s'`,
      'ALTER SYSTEM RESET "autovacuum"',
    ]);
  });

  it('passes each item of a list setting as its own literal', () => {
    const [statement] = alterSystemStatements(
      { set: { search_path: '"$user", public' }, reset: [] },
      catalogue,
    );
    expect(statement!.sql).toBe(`ALTER SYSTEM SET "search_path" TO '$user', 'public'`);
    const [empty] = alterSystemStatements({ set: { shared_preload_libraries: '' }, reset: [] }, catalogue);
    expect(empty!.sql).toBe(`ALTER SYSTEM SET "shared_preload_libraries" TO ''`);
  });
});

describe('listItems', () => {
  it('splits on commas outside double quotes', () => {
    expect(listItems('a, "b,c" ,d')).toEqual(['a', 'b,c', 'd']);
    expect(listItems('"say ""hi"""')).toEqual(['say "hi"']);
    expect(listItems(' , ')).toEqual(['']);
  });
});
