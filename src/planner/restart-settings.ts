/**
 * Settings whose pg_settings `context` is `postmaster` (a change needs a restart; on RDS their
 * ApplyType is `static`), for plans made without a server to ask: the offline plan of a pull request.
 * A live plan reads the context from pg_settings and the ApplyType from RDS instead. The list holds
 * what replication setups touch; a setting not in it is taken to need no restart.
 */
const POSTMASTER_SETTINGS: ReadonlySet<string> = new Set([
  'archive_mode',
  'hot_standby',
  'huge_pages',
  'listen_addresses',
  'max_active_replication_origins',
  'max_connections',
  'max_locks_per_transaction',
  'max_logical_replication_workers',
  'max_prepared_transactions',
  'max_replication_slots',
  'max_wal_senders',
  'max_worker_processes',
  'port',
  'shared_buffers',
  'shared_preload_libraries',
  'track_commit_timestamp',
  'wal_buffers',
  'wal_level',
  'wal_log_hints',
]);

/** RDS-only parameters that are static. */
const STATIC_RDS_PARAMETERS: ReadonlySet<string> = new Set(['rds.logical_replication']);

export function isKnownPostmasterSetting(name: string): boolean {
  return POSTMASTER_SETTINGS.has(name.toLowerCase());
}

export function knownRdsApplyType(parameter: string): 'static' | 'dynamic' {
  const name = parameter.toLowerCase();
  return POSTMASTER_SETTINGS.has(name) || STATIC_RDS_PARAMETERS.has(name) ? 'static' : 'dynamic';
}
