/**
 * Catalog SQL read on the source, one set-based query per catalog; names arrive as text[] bind
 * parameters. Where the catalogs differ by version, a function picks the text for a
 * `server_version_num` (unit-tested without a server). The table and settings queries are shared
 * with the target: see table-catalog.ts and settings-catalog.ts.
 */
import { PG13, PG15, PG16, PG18 } from './server-version.js';
import { FILE_SETTINGS_READABLE } from './settings-catalog.js';

/**
 * The first query: what the others depend on. pg_hba_file_rules and pg_file_settings are
 * superuser-only unless granted; asking first keeps a refusal from aborting the snapshot.
 */
export const SOURCE_SERVER_QUERY = `
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_database()::text AS database,
       current_user::text AS login,
       (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) AS login_superuser,
       has_table_privilege('pg_catalog.pg_hba_file_rules', 'SELECT')
         AND has_function_privilege('pg_catalog.pg_hba_file_rules()', 'EXECUTE') AS hba_readable,
       ${FILE_SETTINGS_READABLE} AS file_settings_readable`;

/** $1: role names. pg_roles, never pg_authid (superuser-only, holds the password verifiers). */
export const ROLES_QUERY = `
SELECT r.rolname::text AS name, r.rolcanlogin AS login, r.rolreplication AS replication,
       r.rolsuper AS superuser, r.rolconnlimit AS connection_limit,
       pg_catalog.shobj_description(r.oid, 'pg_authid') AS comment
FROM pg_catalog.pg_roles r
WHERE r.rolname = ANY ($1::text[])`;

/**
 * $1: role names, $2: schema names, $3/$4: table schemas and names paired by position. Direct
 * grants only (aclexplode of the ACLs): privileges through role membership or PUBLIC are not
 * something replctl granted or may revoke. A NULL ACL (the default) explodes to nothing.
 */
export const GRANTS_QUERY = `
WITH managed AS (SELECT r.oid, r.rolname::text AS role FROM pg_catalog.pg_roles r WHERE r.rolname = ANY ($1::text[]))
SELECT 'connect' AS privilege, m.role, NULL::text AS schema, NULL::text AS name
FROM pg_catalog.pg_database d
CROSS JOIN LATERAL aclexplode(d.datacl) acl
JOIN managed m ON m.oid = acl.grantee
WHERE d.datname = current_database() AND acl.privilege_type = 'CONNECT'
UNION ALL
SELECT 'usage', m.role, n.nspname::text, NULL
FROM pg_catalog.pg_namespace n
CROSS JOIN LATERAL aclexplode(n.nspacl) acl
JOIN managed m ON m.oid = acl.grantee
WHERE n.nspname = ANY ($2::text[]) AND acl.privilege_type = 'USAGE'
UNION ALL
SELECT 'select', m.role, n.nspname::text, c.relname::text
FROM unnest($3::text[], $4::text[]) AS t(schema_name, table_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = t.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.table_name
CROSS JOIN LATERAL aclexplode(c.relacl) acl
JOIN managed m ON m.oid = acl.grantee
WHERE acl.privilege_type = 'SELECT'
ORDER BY 1, 2, 3, 4`;

/** $1: publication names. */
const PUBLICATIONS = (viaRoot: string, generatedColumns: string) => `
SELECT p.pubname::text AS name, pg_catalog.pg_get_userbyid(p.pubowner)::text AS owner,
       p.puballtables AS all_tables, p.pubinsert AS insert, p.pubupdate AS update,
       p.pubdelete AS delete, p.pubtruncate AS truncate,
       ${viaRoot} AS via_root, ${generatedColumns} AS generated_columns
FROM pg_catalog.pg_publication p
WHERE p.pubname = ANY ($1::text[])
ORDER BY 1`;

/** pubviaroot is 13+, pubgencols ('n' none, 's' stored) 18+. */
export function publicationsQuery(serverVersionNum: number): string {
  return PUBLICATIONS(
    serverVersionNum >= PG13 ? 'p.pubviaroot' : 'false',
    serverVersionNum >= PG18 ? 'p.pubgencols::text' : 'NULL::text',
  );
}

/**
 * $1: publication names. Membership as stored (pg_publication_rel, 15+: pg_publication_namespace),
 * not pg_publication_tables, which lists the leaf partitions instead of what was added (design §8).
 */
const PUBLICATION_TABLES = (columns: string, rowFilter: string) => `
SELECT p.pubname::text AS publication, 'table' AS member, n.nspname::text AS schema,
       c.relname::text AS name, ${columns} AS columns, ${rowFilter} AS row_filter
FROM pg_catalog.pg_publication_rel pr
JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE p.pubname = ANY ($1::text[])`;

/** prattrs: NULL when every column is published. */
const COLUMN_LIST = `
       CASE WHEN pr.prattrs IS NULL THEN NULL ELSE
         ARRAY(SELECT a.attname::text
               FROM unnest(pr.prattrs::int2[]) AS k(attnum)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum
               ORDER BY a.attnum) END`;

const PUBLICATION_SCHEMAS = `
UNION ALL
SELECT p.pubname::text, 'schema', n.nspname::text, NULL, NULL, NULL
FROM pg_catalog.pg_publication_namespace pn
JOIN pg_catalog.pg_publication p ON p.oid = pn.pnpubid
JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid
WHERE p.pubname = ANY ($1::text[])`;

/** Column lists, row filters and schema members are 15+. */
export function publicationMembersQuery(serverVersionNum: number): string {
  if (serverVersionNum < PG15)
    return `${PUBLICATION_TABLES('NULL::text[]', 'NULL::text')}\nORDER BY 1, 2, 3, 4`;
  return `${PUBLICATION_TABLES(COLUMN_LIST, 'pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)')}${PUBLICATION_SCHEMAS}
ORDER BY 1, 2, 3, 4`;
}

/**
 * Every slot (orphans too). Retained WAL is measured from the current LSN, or on a standby (no
 * current LSN there) from the last received one.
 */
const SLOTS = (walStatus: string) => `
SELECT s.slot_name::text AS name, s.plugin::text AS plugin, s.slot_type::text AS slot_type,
       s.database::text AS database, s.active AS active,
       pg_catalog.pg_wal_lsn_diff(
         CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_receive_lsn()
              ELSE pg_catalog.pg_current_wal_lsn() END,
         s.restart_lsn)::float8 AS retained_wal_bytes,
       ${walStatus} AS wal_status
FROM pg_catalog.pg_replication_slots s
ORDER BY 1`;

/** wal_status is 13+. */
export function slotsQuery(serverVersionNum: number): string {
  return SLOTS(serverVersionNum >= PG13 ? 's.wal_status::text' : 'NULL::text');
}

/** The file's lines in file order, lines with errors too; only when SOURCE_SERVER_QUERY says readable. */
const HBA = (fileName: string) => `
SELECT h.line_number AS line_number, h.type::text AS type, h.database::text[] AS databases,
       h.user_name::text[] AS users, h.address::text AS address, h.netmask::text AS netmask,
       h.auth_method::text AS auth_method, h.error::text AS error, ${fileName} AS file_name
FROM pg_catalog.pg_hba_file_rules h`;

/** file_name (with include directives) is 16+; the other columns are the same from 12 to 18. */
export function hbaQuery(serverVersionNum: number): string {
  return HBA(serverVersionNum >= PG16 ? 'h.file_name::text' : 'NULL::text');
}
