import type { FileSettingRow, PgSettingRow } from '../../../src/local/rds-endpoint/catalogue.js';

function row(
  name: string,
  vartype: PgSettingRow['vartype'],
  context: string,
  boot_val: string,
  extra: Partial<PgSettingRow> = {},
): PgSettingRow {
  return {
    name,
    vartype,
    unit: null,
    min_val: null,
    max_val: null,
    enumvals: null,
    context,
    short_desc: `About ${name}.`,
    boot_val,
    ...extra,
  };
}

/** Real pg_settings rows (PostgreSQL 17), one of each kind the catalogue maps. */
export const SETTINGS: readonly PgSettingRow[] = [
  row('max_worker_processes', 'integer', 'postmaster', '8', {
    min_val: '0',
    max_val: '262143',
    short_desc: 'Maximum number of concurrent worker processes.',
  }),
  row('shared_buffers', 'integer', 'postmaster', '16384', {
    unit: '8kB',
    min_val: '16',
    max_val: '1073741823',
  }),
  row('log_min_duration_statement', 'integer', 'superuser', '-1', {
    unit: 'ms',
    min_val: '-1',
    max_val: '2147483647',
  }),
  row('random_page_cost', 'real', 'user', '4', { min_val: '0', max_val: '1.79769e+308' }),
  row('autovacuum', 'bool', 'sighup', 'on'),
  row('wal_level', 'enum', 'postmaster', 'replica', { enumvals: ['minimal', 'replica', 'logical'] }),
  row('log_statement', 'enum', 'superuser', 'none', { enumvals: ['none', 'ddl', 'mod', 'all'] }),
  row('search_path', 'string', 'user', '"$user", public'),
  row('shared_preload_libraries', 'string', 'postmaster', ''),
  row('TimeZone', 'string', 'user', 'GMT'),
  row('block_size', 'integer', 'internal', '8192', { min_val: '8192', max_val: '8192' }),
  row('port', 'integer', 'postmaster', '5432', { min_val: '1', max_val: '65535' }),
];

/** Configuration-file entries as initdb and replctl write them, with units and words. */
export const FILES: readonly FileSettingRow[] = [
  { name: 'shared_buffers', setting: '128MB' },
  { name: 'timezone', setting: 'Etc/UTC' },
  { name: 'log_min_duration_statement', setting: '2s' },
  { name: 'autovacuum', setting: 'off' },
];
