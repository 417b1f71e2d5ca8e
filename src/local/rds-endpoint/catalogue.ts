import type { LiveSetting } from '../../model/live-state.js';
import { normalizeSetting } from '../../model/setting-value.js';
import { RDS_ONLY_PARAMETERS } from './rds-parameters.js';

/**
 * The parameters of a family, derived from the engine itself (pg_settings) plus the RDS-only ones.
 * Pure: the rows come from `engine-admin.ts`, so this is unit-tested with fixtures.
 */
export type ParameterDataType = 'boolean' | 'integer' | 'float' | 'string' | 'list';
export type ApplyType = 'static' | 'dynamic';
export type ParameterSource = 'user' | 'engine-default' | 'system';

export interface ParameterDefinition {
  /** As RDS spells it: lower case (`datestyle`, `timezone`). */
  readonly name: string;
  /** What a value does to the engine: sets the setting of that name, drives wal_level, or nothing. */
  readonly effect: 'setting' | 'wal-level' | 'none';
  readonly dataType: ParameterDataType;
  readonly applyType: ApplyType;
  readonly isModifiable: boolean;
  readonly description: string;
  /** RDS's AllowedValues text: `0,1`, `0-262143`, `minimal,replica,logical`. */
  readonly allowedValues?: string;
  readonly range?: { readonly min: number; readonly max: number };
  readonly choices?: readonly string[];
  /** The value shown when the group does not set the parameter, in RDS's spelling. */
  readonly defaultValue?: string;
  readonly defaultSource: 'engine-default' | 'system';
}

/** The pg_settings columns the catalogue reads. */
export interface PgSettingRow {
  readonly name: string;
  readonly vartype: LiveSetting['vartype'];
  readonly unit: string | null;
  readonly min_val: string | null;
  readonly max_val: string | null;
  readonly enumvals: readonly string[] | null;
  readonly context: string;
  readonly short_desc: string | null;
  readonly boot_val: string | null;
}

/** Entries of the cluster's own postgresql.conf (pg_file_settings, without postgresql.auto.conf). */
export interface FileSettingRow {
  readonly name: string;
  readonly setting: string | null;
}

/**
 * Settings RDS does not let users change, or that would cut the local cluster off from its
 * supervisor: file locations, the listening socket, logging destination, and wal_level (RDS
 * derives it from rds.logical_replication).
 */
const MANAGED_SETTINGS: ReadonlySet<string> = new Set([
  'archive_command',
  'archive_library',
  'config_file',
  'data_directory',
  'external_pid_file',
  'hba_file',
  'ident_file',
  'listen_addresses',
  'log_directory',
  'logging_collector',
  'port',
  'ssl_ca_file',
  'ssl_cert_file',
  'ssl_crl_dir',
  'ssl_crl_file',
  'ssl_key_file',
  'unix_socket_directories',
  'unix_socket_group',
  'unix_socket_permissions',
  'wal_level',
]);

/** String settings that take a comma-separated list (GUC_LIST_INPUT); RDS types them `list`. */
const LIST_SETTINGS: ReadonlySet<string> = new Set([
  'datestyle',
  'debug_io_direct',
  'listen_addresses',
  'local_preload_libraries',
  'log_destination',
  'oauth_validator_libraries',
  'restrict_nonsystem_relation_kind',
  'search_path',
  'session_preload_libraries',
  'shared_preload_libraries',
  'synchronized_standby_slots',
  'temp_tablespaces',
  'unix_socket_directories',
  'wal_consistency_checking',
]);

function dataTypeOf(row: PgSettingRow, name: string): ParameterDataType {
  switch (row.vartype) {
    case 'bool':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'real':
      return 'float';
    default:
      return LIST_SETTINGS.has(name) ? 'list' : 'string';
  }
}

/**
 * An engine value (boot_val or a configuration-file entry such as `128MB`) in RDS's spelling:
 * numbers in the setting's base unit, booleans as 0/1, text as written.
 */
function rdsValue(row: PgSettingRow, dataType: ParameterDataType, text: string): string | undefined {
  if (text === '') return undefined;
  if (dataType === 'string' || dataType === 'list') return text;
  const value = normalizeSetting(text, row);
  if (dataType !== 'boolean') return value;
  return value === 'on' ? '1' : value === 'off' ? '0' : undefined;
}

export function definitionFromSetting(row: PgSettingRow, fileValue: string | undefined): ParameterDefinition {
  const name = row.name.toLowerCase();
  const dataType = dataTypeOf(row, name);
  const numeric = dataType === 'integer' || dataType === 'float';
  const range =
    numeric && row.min_val !== null && row.max_val !== null
      ? { min: Number(row.min_val), max: Number(row.max_val) }
      : undefined;
  const choices = row.vartype === 'enum' && row.enumvals ? row.enumvals : undefined;
  const allowedValues =
    dataType === 'boolean'
      ? '0,1'
      : range
        ? `${row.min_val}-${row.max_val}`
        : choices
          ? choices.join(',')
          : undefined;
  const systemValue = fileValue === undefined ? undefined : rdsValue(row, dataType, fileValue);
  return {
    name,
    effect: 'setting',
    dataType,
    applyType: row.context === 'postmaster' ? 'static' : 'dynamic',
    isModifiable: row.context !== 'internal' && !MANAGED_SETTINGS.has(name),
    description: row.short_desc ?? '',
    ...(allowedValues === undefined ? {} : { allowedValues }),
    ...(range ? { range } : {}),
    ...(choices ? { choices } : {}),
    ...(systemValue !== undefined
      ? { defaultValue: systemValue, defaultSource: 'system' as const }
      : {
          defaultSource: 'engine-default' as const,
          ...withValue(row.boot_val === null ? undefined : rdsValue(row, dataType, row.boot_val)),
        }),
  };
}

function withValue(value: string | undefined): { readonly defaultValue?: string } {
  return value === undefined ? {} : { defaultValue: value };
}

export class Catalogue {
  private readonly byName: ReadonlyMap<string, ParameterDefinition>;
  /** Sorted by name, as RDS lists them. */
  readonly parameters: readonly ParameterDefinition[];

  constructor(parameters: readonly ParameterDefinition[]) {
    this.parameters = [...parameters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.byName = new Map(this.parameters.map((p) => [p.name, p]));
  }

  find(name: string): ParameterDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }
}

export function buildCatalogue(
  settings: readonly PgSettingRow[],
  files: readonly FileSettingRow[],
): Catalogue {
  // Later lines of postgresql.conf win, as in the server.
  const fileValues = new Map<string, string>();
  for (const f of files) if (f.setting !== null) fileValues.set(f.name.toLowerCase(), f.setting);
  const engine = settings.map((row) => definitionFromSetting(row, fileValues.get(row.name.toLowerCase())));
  return new Catalogue([...engine, ...RDS_ONLY_PARAMETERS]);
}
