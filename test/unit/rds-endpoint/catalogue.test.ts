import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../../src/local/rds-endpoint/catalogue.js';
import { FILES, SETTINGS } from './settings-fixture.js';

const catalogue = buildCatalogue(SETTINGS, FILES);

describe('catalogue derived from pg_settings', () => {
  it('maps a postmaster integer to a static integer with a range', () => {
    expect(catalogue.find('max_worker_processes')).toMatchObject({
      dataType: 'integer',
      applyType: 'static',
      allowedValues: '0-262143',
      range: { min: 0, max: 262143 },
      isModifiable: true,
      defaultSource: 'engine-default',
      defaultValue: '8',
      description: 'Maximum number of concurrent worker processes.',
    });
  });

  it('maps booleans to 0/1 and non-postmaster contexts to dynamic', () => {
    expect(catalogue.find('autovacuum')).toMatchObject({
      dataType: 'boolean',
      applyType: 'dynamic',
      allowedValues: '0,1',
    });
    expect(buildCatalogue(SETTINGS, []).find('autovacuum')).toMatchObject({
      defaultSource: 'engine-default',
      defaultValue: '1',
    });
  });

  it('falls back to the engine default for a file value it cannot read', () => {
    const odd = buildCatalogue(SETTINGS, [{ name: 'shared_buffers', setting: '10 parsecs' }]);
    expect(odd.find('shared_buffers')).toMatchObject({
      defaultSource: 'engine-default',
      defaultValue: '16384',
    });
  });

  it('maps reals to float and enums to string with their choices', () => {
    expect(catalogue.find('random_page_cost')).toMatchObject({
      dataType: 'float',
      allowedValues: '0-1.79769e+308',
    });
    expect(catalogue.find('log_statement')).toMatchObject({
      dataType: 'string',
      allowedValues: 'none,ddl,mod,all',
      choices: ['none', 'ddl', 'mod', 'all'],
      applyType: 'dynamic',
    });
  });

  it('types comma-separated settings as list', () => {
    expect(catalogue.find('search_path')?.dataType).toBe('list');
    expect(catalogue.find('shared_preload_libraries')).toMatchObject({
      dataType: 'list',
      applyType: 'static',
    });
    expect(catalogue.find('shared_preload_libraries')?.defaultValue).toBeUndefined();
  });

  it('lower-cases names, as RDS does, and finds them case-insensitively', () => {
    expect(catalogue.find('timezone')?.name).toBe('timezone');
    expect(catalogue.find('TimeZone')?.name).toBe('timezone');
  });

  it('shows postgresql.conf values as system defaults, in the base unit', () => {
    expect(catalogue.find('shared_buffers')).toMatchObject({
      defaultSource: 'system',
      defaultValue: '16384',
    });
    expect(catalogue.find('timezone')).toMatchObject({ defaultSource: 'system', defaultValue: 'Etc/UTC' });
  });

  it('refuses changes to internal settings and to those the service manages', () => {
    expect(catalogue.find('block_size')?.isModifiable).toBe(false);
    expect(catalogue.find('port')?.isModifiable).toBe(false);
    expect(catalogue.find('wal_level')?.isModifiable).toBe(false);
  });

  it('adds rds.logical_replication as a static boolean that drives wal_level', () => {
    expect(catalogue.find('rds.logical_replication')).toMatchObject({
      effect: 'wal-level',
      applyType: 'static',
      dataType: 'boolean',
      defaultValue: '0',
    });
  });

  it('lists parameters sorted by name', () => {
    const names = catalogue.parameters.map((p) => p.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('rds.force_ssl');
  });
});
