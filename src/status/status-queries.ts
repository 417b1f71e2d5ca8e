/**
 * Catalog SQL `replctl status` and `replctl verify` read: one set-based query per catalog and
 * endpoint, chosen by `server_version_num` where the catalogs differ. Like introspection, never
 * `SELECT *` from pg_subscription (its conninfo holds the password).
 */
import { PG13, PG15, PG16 } from '../introspect/server-version.js';

/** The source's WAL position (the last received one on a standby), wal_level, settings owed a restart. */
export const SOURCE_STATUS_QUERY = `
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_setting('wal_level') AS wal_level,
       (CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_receive_lsn()
             ELSE pg_catalog.pg_current_wal_lsn() END)::text AS current_lsn,
       ARRAY(SELECT s.name::text FROM pg_catalog.pg_settings s WHERE s.pending_restart ORDER BY 1) AS pending_restart`;

const CURRENT_LSN = `CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_receive_lsn()
              ELSE pg_catalog.pg_current_wal_lsn() END`;

/** Every slot: what it retains, and how far its consumer has confirmed. wal_status is 13+. */
export function slotStatusQuery(serverVersionNum: number): string {
  return `
SELECT s.slot_name::text AS name, s.slot_type::text AS slot_type, s.database::text AS database,
       s.active AS active, s.active_pid AS active_pid, s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
       pg_catalog.pg_wal_lsn_diff(${CURRENT_LSN}, s.restart_lsn)::float8 AS retained_wal_bytes,
       pg_catalog.pg_wal_lsn_diff(${CURRENT_LSN}, s.confirmed_flush_lsn)::float8 AS lag_bytes,
       ${serverVersionNum >= PG13 ? 's.wal_status::text' : 'NULL::text'} AS wal_status
FROM pg_catalog.pg_replication_slots s
ORDER BY 1`;
}

/**
 * Every walsender, with the slot it streams (a subscription's apply worker connects with its
 * name as application_name; table sync workers with pg_<subid>_sync_…). Lag times are NULL once
 * the subscriber is idle and caught up.
 */
export const WALSENDERS_QUERY = `
SELECT r.pid AS pid, r.application_name::text AS application_name, r.client_addr::text AS client_addr,
       r.state::text AS state, r.sent_lsn::text AS sent_lsn, r.flush_lsn::text AS flush_lsn,
       r.replay_lsn::text AS replay_lsn,
       extract(epoch FROM r.replay_lag)::float8 AS replay_lag_seconds,
       s.slot_name::text AS slot_name
FROM pg_catalog.pg_stat_replication r
LEFT JOIN pg_catalog.pg_replication_slots s ON s.active_pid = r.pid
ORDER BY r.pid`;

/** On the target's journal database: the server and whether the replicated database exists. $1: it. */
export const TARGET_STATUS_QUERY = `
SELECT current_setting('server_version_num')::int AS server_version_num,
       EXISTS (SELECT FROM pg_catalog.pg_database d WHERE d.datname = $1::text) AS database_exists`;

/**
 * $1: subscription names, on the replicated database. The apply worker is the row of
 * pg_stat_subscription without a table (and, 16+, without a leader: parallel apply workers have
 * one); table sync workers have a table. Error and conflict counters come from
 * pg_stat_subscription_stats (15+), whatever columns the version has.
 */
export function subscriptionStatusQuery(serverVersionNum: number): string {
  const leader = serverVersionNum >= PG16 ? ' AND st.leader_pid IS NULL' : '';
  const counters =
    serverVersionNum >= PG15
      ? `(SELECT to_jsonb(x) - 'subid' - 'subname' - 'stats_reset'
          FROM pg_catalog.pg_stat_subscription_stats x WHERE x.subname = s.subname LIMIT 1)`
      : 'NULL::jsonb';
  return `
SELECT s.subname::text AS name, s.subenabled AS enabled, s.subslotname::text AS slot_name,
       w.pid AS pid, w.received_lsn::text AS received_lsn, w.latest_end_lsn::text AS latest_end_lsn,
       extract(epoch FROM now() - w.last_msg_receipt_time)::float8 AS seconds_since_message,
       extract(epoch FROM w.last_msg_receipt_time - w.last_msg_send_time)::float8 AS transit_seconds,
       (SELECT count(*) FROM pg_catalog.pg_stat_subscription t
        WHERE t.subname = s.subname AND t.relid IS NOT NULL AND t.pid IS NOT NULL)::int AS sync_workers,
       ${counters} AS counters
FROM pg_catalog.pg_subscription s
LEFT JOIN LATERAL (
  SELECT st.pid, st.received_lsn, st.latest_end_lsn, st.last_msg_send_time, st.last_msg_receipt_time
  FROM pg_catalog.pg_stat_subscription st
  WHERE st.subname = s.subname AND st.relid IS NULL${leader}
  ORDER BY st.pid NULLS LAST
  LIMIT 1) w ON true
WHERE s.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database())
  AND s.subname = ANY ($1::text[])
ORDER BY 1`;
}
