import type { RDSClient } from '@aws-sdk/client-rds';
import { formatQualifiedName } from '../sql/quote.js';
import type { Queryable } from './queryable.js';
import { introspectRds } from './rds.js';
import { bool, optionalText, type Row, text, textArray } from './rows.js';
import { assertSupportedVersion } from './server-version.js';
import { inSnapshot } from './snapshot.js';

/**
 * Discovery finds the NAMES that `replctl import` brings under management, before any scope
 * exists: introspection (`introspect`) then reads those objects exactly as `plan` does. A constant
 * number of set-based queries per endpoint, whatever the number of tables: source 5 (in one
 * read-only snapshot, BEGIN and COMMIT included: 7), target 1, RDS 1 call. The target and RDS are
 * read first: the subscriptions asked for name the publications whose tables the source is asked
 * about.
 */

/** What the source is asked about. */
export interface DiscoveryRequest {
  /** Publications whose tables decide the candidate roles. */
  readonly publications: readonly string[] | 'all';
  /** Roles to read whatever they hold (e.g. the subscription connection's user). */
  readonly roles: readonly string[];
}

export interface DiscoveredRole {
  readonly name: string;
  readonly superuser: boolean;
  readonly replication: boolean;
  readonly login: boolean;
  /** Attributes a changeset cannot express, as SQL keywords: CREATEDB, CREATEROLE, BYPASSRLS, VALID UNTIL. */
  readonly otherAttributes: readonly string[];
  /** Roles it is a member of (GRANT role TO it): not expressible either. */
  readonly memberOf: readonly string[];
  /** The role's COMMENT as it is (a user's comment is replaced when a fingerprint is recorded). */
  readonly comment: string | null;
  /** Owns or holds a direct privilege on a table the requested publications publish. */
  readonly onPublishedTables: boolean;
  /** Named in the request. */
  readonly named: boolean;
}

/** A privilege on a published table that a changeset cannot express (only plain SELECT can be). */
export interface DiscoveredPrivilege {
  readonly role: string;
  /** Qualified name in changeset spelling. */
  readonly table: string;
  /** `INSERT`, `SELECT (col)` for a column grant, `SELECT WITH GRANT OPTION`, … */
  readonly privilege: string;
}

export interface DiscoveredSlot {
  readonly name: string;
  readonly slotType: 'logical' | 'physical';
  readonly database: string | null;
  readonly active: boolean;
  /** The role of the session using the slot (the subscription's connection user), when active. */
  readonly activeUser: string | null;
}

export interface DiscoveredSource {
  readonly serverVersionNum: number;
  readonly database: string;
  /** Every publication of the source database, by name. */
  readonly publications: readonly string[];
  /**
   * Tables the requested publications publish: their pg_publication_rel members and what FOR ALL
   * TABLES / TABLES IN SCHEMA expand to (pg_publication_tables), qualified, sorted.
   */
  readonly publishedTables: readonly string[];
  /** Non-superuser REPLICATION roles on the published tables, and the named roles (any kind). */
  readonly roles: readonly DiscoveredRole[];
  /** What those REPLICATION roles hold on the published tables beyond SELECT. */
  readonly otherPrivileges: readonly DiscoveredPrivilege[];
  readonly slots: readonly DiscoveredSlot[];
}

export interface DiscoveredSubscription {
  readonly name: string;
  /** The target database it lives in (pg_subscription is shared by every database). */
  readonly database: string;
  readonly publications: readonly string[];
  readonly slotName: string | null;
  readonly enabled: boolean;
}

export interface DiscoveredTarget {
  readonly serverVersionNum: number;
  /** The database the target URL names. */
  readonly database: string;
  readonly subscriptions: readonly DiscoveredSubscription[];
}

export interface DiscoveredRds {
  readonly instance: string;
  /** The DB parameter group attached to the instance. */
  readonly parameterGroupName: string;
  readonly parameterApplyStatus: string;
  readonly status: string;
}

export interface Discovery {
  readonly source: DiscoveredSource;
  readonly target: DiscoveredTarget;
  readonly rds?: DiscoveredRds;
}

/** $1: publication names, NULL for all. Members as stored and as expanded, as oids. */
const PUBLISHED_RELATIONS = `
  SELECT pr.prrelid AS relid
  FROM pg_catalog.pg_publication_rel pr
  JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
  WHERE $1::text[] IS NULL OR p.pubname = ANY ($1::text[])
  UNION
  SELECT c.oid
  FROM pg_catalog.pg_publication_tables pt
  JOIN pg_catalog.pg_namespace n ON n.nspname = pt.schemaname
  JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename
  WHERE $1::text[] IS NULL OR pt.pubname = ANY ($1::text[])`;

export const DISCOVER_SOURCE_SERVER_QUERY = `
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_database()::text AS database,
       ARRAY(SELECT p.pubname::text FROM pg_catalog.pg_publication p ORDER BY 1) AS publications`;

/** $1: publication names or NULL. */
export const DISCOVER_PUBLISHED_TABLES_QUERY = `
WITH published AS (${PUBLISHED_RELATIONS})
SELECT n.nspname::text AS schema, c.relname::text AS name
FROM published t
JOIN pg_catalog.pg_class c ON c.oid = t.relid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
ORDER BY 1, 2`;

/**
 * $1: publication names or NULL, $2: role names read whatever they hold. pg_roles, never pg_authid
 * (superuser-only, holds the password verifiers). A direct privilege is an ACL entry of the table
 * or of one of its columns.
 */
export const DISCOVER_ROLES_QUERY = `
WITH published AS (${PUBLISHED_RELATIONS}),
holders AS (
  SELECT c.relowner AS oid FROM published t JOIN pg_catalog.pg_class c ON c.oid = t.relid
  UNION
  SELECT acl.grantee FROM published t JOIN pg_catalog.pg_class c ON c.oid = t.relid
  CROSS JOIN LATERAL aclexplode(c.relacl) acl
  UNION
  SELECT acl.grantee FROM published t
  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.relid AND a.attnum > 0 AND NOT a.attisdropped
  CROSS JOIN LATERAL aclexplode(a.attacl) acl
)
SELECT r.rolname::text AS name, r.rolsuper AS superuser, r.rolreplication AS replication,
       r.rolcanlogin AS login,
       array_remove(ARRAY[CASE WHEN r.rolcreatedb THEN 'CREATEDB' END,
                          CASE WHEN r.rolcreaterole THEN 'CREATEROLE' END,
                          CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' END,
                          CASE WHEN r.rolvaliduntil IS NOT NULL THEN 'VALID UNTIL' END], NULL)::text[]
         AS other_attributes,
       ARRAY(SELECT g.rolname::text FROM pg_catalog.pg_auth_members m
             JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid ORDER BY 1) AS member_of,
       pg_catalog.shobj_description(r.oid, 'pg_authid') AS comment,
       r.oid IN (SELECT oid FROM holders) AS on_published,
       r.rolname = ANY ($2::text[]) AS named
FROM pg_catalog.pg_roles r
WHERE (r.rolreplication AND NOT r.rolsuper AND r.oid IN (SELECT oid FROM holders))
   OR r.rolname = ANY ($2::text[])
ORDER BY 1`;

/**
 * $1: publication names or NULL, $2: role names. Privileges on published tables that a changeset
 * cannot express: anything but SELECT, SELECT WITH GRANT OPTION, and column-level grants.
 */
export const DISCOVER_OTHER_PRIVILEGES_QUERY = `
WITH published AS (${PUBLISHED_RELATIONS})
SELECT r.rolname::text AS role, n.nspname::text AS schema, c.relname::text AS name,
       acl.privilege_type::text || CASE WHEN acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
         AS privilege
FROM published t
JOIN pg_catalog.pg_class c ON c.oid = t.relid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) acl
JOIN pg_catalog.pg_roles r ON r.oid = acl.grantee
WHERE r.rolname = ANY ($2::text[]) AND (acl.privilege_type <> 'SELECT' OR acl.is_grantable)
UNION ALL
SELECT r.rolname::text, n.nspname::text, c.relname::text,
       acl.privilege_type::text || ' (' || a.attname::text || ')'
FROM published t
JOIN pg_catalog.pg_class c ON c.oid = t.relid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
CROSS JOIN LATERAL aclexplode(a.attacl) acl
JOIN pg_catalog.pg_roles r ON r.oid = acl.grantee
WHERE r.rolname = ANY ($2::text[])
ORDER BY 1, 2, 3, 4`;

/** Every slot with the role of the session that holds it (the subscription's connection user). */
export const DISCOVER_SLOTS_QUERY = `
SELECT s.slot_name::text AS name, s.slot_type::text AS slot_type, s.database::text AS database,
       s.active AS active, a.usename::text AS active_user
FROM pg_catalog.pg_replication_slots s
LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = s.active_pid
ORDER BY 1`;

/**
 * On the database the target URL names: the subscriptions of every database (pg_subscription is
 * shared), with the columns every login may read on 12–18 (never subconninfo, which holds the
 * password).
 */
export const DISCOVER_SUBSCRIPTIONS_QUERY = `
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_database()::text AS current_database,
       s.subname::text AS name, d.datname::text AS database, s.subpublications::text[] AS publications,
       s.subslotname::text AS slot_name, s.subenabled AS enabled
FROM (SELECT 1) AS one
LEFT JOIN pg_catalog.pg_subscription s ON true
LEFT JOIN pg_catalog.pg_database d ON d.oid = s.subdbid
ORDER BY d.datname, s.subname`;

/** The source: its publications, what the requested ones publish, their roles, and the slots. */
export async function discoverSource(db: Queryable, request: DiscoveryRequest): Promise<DiscoveredSource> {
  return inSnapshot(db, async () => {
    const server = (await db.query(DISCOVER_SOURCE_SERVER_QUERY)).rows[0];
    if (!server) throw new Error('Expected one row from the source discovery query, but got none');
    const version = Number(server.server_version_num);
    assertSupportedVersion('source', version);
    const publications = request.publications === 'all' ? null : request.publications;
    const tables = (await db.query(DISCOVER_PUBLISHED_TABLES_QUERY, [publications])).rows;
    const roles = (await db.query(DISCOVER_ROLES_QUERY, [publications, request.roles])).rows.map(parseRole);
    const replicationRoles = roles.filter((r) => r.replication && !r.superuser).map((r) => r.name);
    const privileges = (await db.query(DISCOVER_OTHER_PRIVILEGES_QUERY, [publications, replicationRoles]))
      .rows;
    const slots = (await db.query(DISCOVER_SLOTS_QUERY)).rows;
    return {
      serverVersionNum: version,
      database: text(server, 'database'),
      publications: textArray(server, 'publications'),
      publishedTables: tables.map(qualified),
      roles,
      otherPrivileges: privileges.map((row) => ({
        role: text(row, 'role'),
        table: qualified(row),
        privilege: text(row, 'privilege'),
      })),
      slots: slots.map(parseSlot),
    };
  });
}

/** The target: every subscription of every database. */
export async function discoverTarget(db: Queryable): Promise<DiscoveredTarget> {
  const rows = (await db.query(DISCOVER_SUBSCRIPTIONS_QUERY)).rows;
  const first = rows[0];
  if (!first) throw new Error('Expected a row from the target discovery query, but got none');
  const version = Number(first.server_version_num);
  assertSupportedVersion('target', version);
  return {
    serverVersionNum: version,
    database: text(first, 'current_database'),
    subscriptions: rows
      .filter((row) => row.name !== null)
      .map((row) => ({
        name: text(row, 'name'),
        database: text(row, 'database'),
        publications: textArray(row, 'publications'),
        slotName: optionalText(row, 'slot_name'),
        enabled: bool(row, 'enabled'),
      })),
  };
}

/** The RDS instance: its status and the parameter group attached to it. */
export async function discoverRds(client: RDSClient, instance: string): Promise<DiscoveredRds> {
  const { live } = await introspectRds(client, { instance });
  return {
    instance: live.instance.identifier,
    parameterGroupName: live.instance.parameterGroupName,
    parameterApplyStatus: live.instance.parameterApplyStatus,
    status: live.instance.status,
  };
}

function qualified(row: Row): string {
  return formatQualifiedName({ schema: text(row, 'schema'), name: text(row, 'name') });
}

function parseRole(row: Row): DiscoveredRole {
  return {
    name: text(row, 'name'),
    superuser: bool(row, 'superuser'),
    replication: bool(row, 'replication'),
    login: bool(row, 'login'),
    otherAttributes: textArray(row, 'other_attributes'),
    memberOf: textArray(row, 'member_of'),
    comment: optionalText(row, 'comment'),
    onPublishedTables: bool(row, 'on_published'),
    named: bool(row, 'named'),
  };
}

function parseSlot(row: Row): DiscoveredSlot {
  return {
    name: text(row, 'name'),
    slotType: text(row, 'slot_type') === 'physical' ? 'physical' : 'logical',
    database: optionalText(row, 'database'),
    active: bool(row, 'active'),
    activeUser: optionalText(row, 'active_user'),
  };
}
