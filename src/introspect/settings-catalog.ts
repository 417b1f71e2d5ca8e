import type { LiveSetting } from '../model/live-state.js';
import type { Queryable } from './queryable.js';
import { bool, oneOf, optionalText, type Row, text } from './rows.js';

/** $1: setting names, lower-case. Same query on source and target. */
const SETTINGS = (inAutoConf: string) => `
SELECT s.name::text AS name, s.setting::text AS setting, s.unit::text AS unit,
       s.vartype::text AS vartype, s.context::text AS context, s.pending_restart AS pending_restart,
       ${inAutoConf} AS in_auto_conf
FROM pg_catalog.pg_settings s
WHERE s.name = ANY ($1::text[])`;

/**
 * pg_file_settings shows what the configuration files say, whether applied yet or not; ALTER
 * SYSTEM writes postgresql.auto.conf in the data directory.
 */
const IN_AUTO_CONF = `EXISTS (SELECT FROM pg_catalog.pg_file_settings f
               WHERE lower(f.name) = s.name AND f.sourcefile LIKE '%/postgresql.auto.conf')`;

/** With `fileSettingsReadable` false (pg_file_settings is superuser-only by default), no in_auto_conf. */
export function settingsQuery(fileSettingsReadable: boolean): string {
  return SETTINGS(fileSettingsReadable ? IN_AUTO_CONF : 'NULL::bool');
}

/** Whether the login may read pg_file_settings: a column of the first query on an endpoint. */
export const FILE_SETTINGS_READABLE = `has_table_privilege('pg_catalog.pg_file_settings', 'SELECT')
         AND has_function_privilege('pg_catalog.pg_show_all_file_settings()', 'EXECUTE')`;

const VARTYPES = ['bool', 'enum', 'integer', 'real', 'string'] as const;

/** The named settings that exist (pg_settings hides superuser-only ones from other logins). */
export async function readSettings(
  db: Queryable,
  names: readonly string[],
  options: { readonly fileSettingsReadable: boolean },
): Promise<Record<string, LiveSetting>> {
  const wanted = [...new Set(names.map((n) => n.toLowerCase()))];
  const { rows } = await db.query(settingsQuery(options.fileSettingsReadable), [wanted]);
  return Object.fromEntries(rows.map((row) => [text(row, 'name'), parseSetting(row)]));
}

function parseSetting(row: Row): LiveSetting {
  const inAutoConf = row.in_auto_conf;
  return {
    setting: text(row, 'setting'),
    unit: optionalText(row, 'unit'),
    vartype: oneOf(row, 'vartype', VARTYPES),
    context: text(row, 'context'),
    pendingRestart: bool(row, 'pending_restart'),
    ...(inAutoConf === null || inAutoConf === undefined ? {} : { inAutoConf: bool(row, 'in_auto_conf') }),
  };
}
