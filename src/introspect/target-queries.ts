/**
 * Catalog SQL read on the target (the RDS instance), one set-based query per catalog. The table
 * and settings queries are shared with the source (table-catalog.ts, settings-catalog.ts).
 *
 * pg_subscription is a shared catalog whose column privileges vary: `subconninfo` is never
 * readable by non-superusers (and holds the password: never selected here), and on 12–13 neither
 * are `oid` nor `subsynccommit`. So the subscription's oid is never read from pg_subscription:
 * pg_stat_subscription shows it to every login; and an option is selected only when its column
 * is readable (TARGET_SERVER_QUERY lists them).
 */
import { PG14, PG15, PG16, PG17 } from './server-version.js';

/**
 * On the database the target URL names. $1: the replicated database, or NULL for this one.
 */
export const TARGET_SERVER_QUERY = `
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_database()::text AS database,
       coalesce($1::text, current_database()::text) AS target_database,
       EXISTS (SELECT FROM pg_catalog.pg_database d WHERE d.datname = coalesce($1::text, current_database()))
         AS database_exists,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = 'pg_catalog.pg_subscription'::regclass AND a.attnum > 0
               AND NOT a.attisdropped AND has_column_privilege(a.attrelid, a.attnum, 'SELECT')
             ORDER BY a.attnum) AS readable_subscription_columns`;

/** $1: schema names. */
export const SCHEMAS_QUERY = `
SELECT n.nspname::text AS name
FROM pg_catalog.pg_namespace n
WHERE n.nspname = ANY ($1::text[])
ORDER BY 1`;

/** A CREATE SUBSCRIPTION option and the pg_subscription column it is stored in, by version. */
export interface SubscriptionOptionColumn {
  readonly option: string;
  readonly column: string;
  /** First server_version_num with this column (and this meaning of it). */
  readonly since: number;
  /** First server_version_num where the column means something else. */
  readonly until?: number;
  /** The option's value as text, in CREATE SUBSCRIPTION spelling. */
  readonly expression: string;
}

export const SUBSCRIPTION_OPTION_COLUMNS: readonly SubscriptionOptionColumn[] = [
  { option: 'synchronous_commit', column: 'subsynccommit', since: 0, expression: 's.subsynccommit::text' },
  { option: 'binary', column: 'subbinary', since: PG14, expression: 's.subbinary::text' },
  // A bool on 14–15; a char on 16+, where streaming = parallel was added.
  {
    option: 'streaming',
    column: 'substream',
    since: PG14,
    until: PG16,
    expression: "CASE WHEN s.substream THEN 'on' ELSE 'off' END",
  },
  {
    option: 'streaming',
    column: 'substream',
    since: PG16,
    expression: "CASE s.substream WHEN 'f' THEN 'off' WHEN 't' THEN 'on' WHEN 'p' THEN 'parallel' END",
  },
  // d disabled, p pending (enabled, waiting for the tables to sync), e enabled.
  {
    option: 'two_phase',
    column: 'subtwophasestate',
    since: PG15,
    expression: "(s.subtwophasestate <> 'd')::text",
  },
  {
    option: 'disable_on_error',
    column: 'subdisableonerr',
    since: PG15,
    expression: 's.subdisableonerr::text',
  },
  {
    option: 'password_required',
    column: 'subpasswordrequired',
    since: PG16,
    expression: 's.subpasswordrequired::text',
  },
  { option: 'run_as_owner', column: 'subrunasowner', since: PG16, expression: 's.subrunasowner::text' },
  { option: 'origin', column: 'suborigin', since: PG16, expression: 's.suborigin::text' },
  { option: 'failover', column: 'subfailover', since: PG17, expression: 's.subfailover::text' },
];

/** The option columns a server of `serverVersionNum` has and the login may read. */
export function subscriptionOptionColumns(
  serverVersionNum: number,
  readableColumns: readonly string[],
): readonly SubscriptionOptionColumn[] {
  return SUBSCRIPTION_OPTION_COLUMNS.filter(
    (c) =>
      serverVersionNum >= c.since &&
      (c.until === undefined || serverVersionNum < c.until) &&
      readableColumns.includes(c.column),
  );
}

/**
 * $1: subscription names. Subscriptions of the current database only (pg_subscription is shared
 * by all databases). The comment comes from pg_description, which is per database like the
 * subscription's COMMENT; pg_stat_subscription maps its oid to the name.
 */
const SUBSCRIPTIONS = (options: string) => `
SELECT s.subname::text AS name, s.subenabled AS enabled, s.subslotname::text AS slot_name,
       s.subpublications::text[] AS publications,
       pg_catalog.pg_get_userbyid(s.subowner)::text AS owner,
       json_build_object(${options}) AS options,
       (SELECT d.description
        FROM pg_catalog.pg_description d
        WHERE d.classoid = 'pg_catalog.pg_subscription'::regclass AND d.objsubid = 0
          AND d.objoid IN (SELECT ss.subid FROM pg_catalog.pg_stat_subscription ss WHERE ss.subname = s.subname)
        LIMIT 1) AS comment
FROM pg_catalog.pg_subscription s
WHERE s.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database())
  AND s.subname = ANY ($1::text[])
ORDER BY 1`;

/** Never `SELECT *` (design §8): the explicit, readable columns of this version. */
export function subscriptionsQuery(serverVersionNum: number, readableColumns: readonly string[]): string {
  const options = subscriptionOptionColumns(serverVersionNum, readableColumns)
    .map((c) => `'${c.option}', ${c.expression}`)
    .join(', ');
  return SUBSCRIPTIONS(options);
}

/**
 * $1: subscription names. pg_subscription_rel is per database, so its rows are the current
 * database's subscriptions; pg_stat_subscription names them (one row per worker, hence DISTINCT).
 */
export const SUBSCRIPTION_TABLES_QUERY = `
SELECT ss.subname::text AS subscription, n.nspname::text AS schema, c.relname::text AS name,
       r.srsubstate::text AS state
FROM pg_catalog.pg_subscription_rel r
JOIN (SELECT DISTINCT st.subid, st.subname FROM pg_catalog.pg_stat_subscription st) ss ON ss.subid = r.srsubid
JOIN pg_catalog.pg_class c ON c.oid = r.srrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ss.subname = ANY ($1::text[])
ORDER BY 1, 2, 3`;
