import type { RunningSetting } from './changes.js';
import type { Postcondition } from './plan.js';

/**
 * Catalog queries (one boolean row each) that confirm a step's effect, so a resumed apply can skip
 * finished work. Only where the catalog can say it exactly; names are bind parameters, tables as
 * quoted qualified names resolved with to_regclass. "Every one of a list" is written as NOT EXISTS
 * one that is not: before a step runs (the usual case: nothing done yet), the first name answers,
 * instead of a scan of all 10,000.
 */

const ROLE_OID = '(SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1)';
const THIS_DATABASE =
  '(SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())';
const SUBSCRIPTION = `FROM pg_catalog.pg_subscription s WHERE s.subname = $1 AND s.subdbid = ${THIS_DATABASE}`;
const TABLES = '(SELECT pg_catalog.to_regclass(t) FROM pg_catalog.unnest($2::text[]) AS t)';

const exact = (sql: string, ...params: unknown[]): Postcondition => ({ sql, params });

/** Whether `holds` (a subquery on `element`) finds a row for every element of the text array `array`. */
const forEvery = (array: string, element: string, holds: string) =>
  `SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(${array}::text[]) AS ${element} WHERE NOT EXISTS (${holds}))`;

export const roleExists = (role: string, exists: boolean) =>
  exact(`SELECT ${exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1)`, role);

export const roleComment = (role: string, comment: string | null) =>
  exact(
    "SELECT COALESCE((SELECT pg_catalog.shobj_description(r.oid, 'pg_authid') IS NOT DISTINCT FROM $2::text FROM pg_catalog.pg_roles r WHERE r.rolname = $1), false)",
    role,
    comment,
  );

export function roleAttributes(
  role: string,
  attributes: { readonly login?: boolean; readonly replication?: boolean; readonly connectionLimit?: number },
): Postcondition {
  const checks: string[] = [];
  const params: unknown[] = [role];
  const check = (column: string, value: unknown, cast: string) => {
    params.push(value);
    checks.push(`r.${column} = $${params.length}::${cast}`);
  };
  if (attributes.login !== undefined) check('rolcanlogin', attributes.login, 'boolean');
  if (attributes.replication !== undefined) check('rolreplication', attributes.replication, 'boolean');
  if (attributes.connectionLimit !== undefined) check('rolconnlimit', attributes.connectionLimit, 'integer');
  return exact(
    `SELECT COALESCE((SELECT ${checks.join(' AND ')} FROM pg_catalog.pg_roles r WHERE r.rolname = $1), false)`,
    ...params,
  );
}

/** Direct grants only (aclexplode), as introspection reads them: PUBLIC's CONNECT does not count. */
export const connectGranted = (role: string, database: string, granted: boolean) =>
  exact(
    `SELECT ${granted ? '' : 'NOT '}EXISTS (SELECT 1 FROM pg_catalog.pg_database d, pg_catalog.aclexplode(d.datacl) a WHERE d.datname = $2 AND a.grantee = ${ROLE_OID} AND a.privilege_type = 'CONNECT')`,
    role,
    database,
  );

export const usageGranted = (role: string, schemas: readonly string[], granted: boolean) =>
  granted
    ? exact(
        forEvery(
          '$2',
          's',
          `SELECT 1 FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a WHERE n.nspname = s AND a.grantee = ${ROLE_OID} AND a.privilege_type = 'USAGE'`,
        ),
        role,
        schemas,
      )
    : exact(
        `SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a WHERE n.nspname = ANY ($2::text[]) AND a.grantee = ${ROLE_OID} AND a.privilege_type = 'USAGE')`,
        role,
        schemas,
      );

export const selectGranted = (role: string, sqlTables: readonly string[], granted: boolean) =>
  granted
    ? exact(
        forEvery(
          '$2',
          't',
          `SELECT 1 FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a WHERE c.oid = pg_catalog.to_regclass(t) AND a.grantee = ${ROLE_OID} AND a.privilege_type = 'SELECT'`,
        ),
        role,
        sqlTables,
      )
    : exact(
        `SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a WHERE c.oid = ANY ${TABLES} AND a.grantee = ${ROLE_OID} AND a.privilege_type = 'SELECT')`,
        role,
        sqlTables,
      );

export const publicationExists = (name: string, exists: boolean) =>
  exact(
    `SELECT ${exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = $1)`,
    name,
  );

export const publicationHasTables = (name: string, sqlTables: readonly string[], member: boolean) =>
  member
    ? exact(
        forEvery(
          '$2',
          't',
          'SELECT 1 FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid WHERE p.pubname = $1 AND pr.prrelid = pg_catalog.to_regclass(t)',
        ),
        name,
        sqlTables,
      )
    : exact(
        `SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid WHERE p.pubname = $1 AND pr.prrelid = ANY ${TABLES})`,
        name,
        sqlTables,
      );

export const databaseExists = (name: string) =>
  exact('SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1)', name);

export const schemasExist = (schemas: readonly string[]) =>
  exact(forEvery('$1', 's', 'SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = s'), schemas);

export const tablesExist = (sqlTables: readonly string[]) =>
  exact(
    'SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.unnest($1::text[]) AS t WHERE pg_catalog.to_regclass(t) IS NULL)',
    sqlTables,
  );

/**
 * Parallel arrays: table i has column i. (`unnest` of several arrays is FROM-clause syntax, which
 * PostgreSQL does not accept schema-qualified.)
 */
export const columnsExist = (sqlTables: readonly string[], columns: readonly string[]) =>
  exact(
    'SELECT NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS x(t, c) WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass(x.t) AND a.attname = x.c AND NOT a.attisdropped))',
    sqlTables,
    columns,
  );

export const subscriptionExists = (name: string, exists: boolean) =>
  exact(`SELECT ${exists ? '' : 'NOT '}EXISTS (SELECT 1 ${SUBSCRIPTION})`, name);

export const subscriptionComment = (name: string, comment: string) =>
  exact(
    `SELECT COALESCE((SELECT pg_catalog.obj_description(s.oid, 'pg_subscription') = $2 ${SUBSCRIPTION}), false)`,
    name,
    comment,
  );

export const subscriptionEnabled = (name: string, enabled: boolean) =>
  exact(`SELECT COALESCE((SELECT s.subenabled = $2::boolean ${SUBSCRIPTION}), false)`, name, enabled);

/** Compared as sets: SET PUBLICATION does not promise an order. */
export const subscriptionPublications = (name: string, publications: readonly string[]) =>
  exact(
    `SELECT COALESCE((SELECT s.subpublications @> $2::text[] AND s.subpublications <@ $2::text[] ${SUBSCRIPTION}), false)`,
    name,
    publications,
  );

/**
 * The source was restarted: nothing is pending a restart, and the settings it was for run with
 * their new values. `pending_restart` alone cannot tell: a session sees it only once it has
 * processed the reload that follows ALTER SYSTEM, which may be after its next statement. Values
 * are compared as their pg_settings type reads them (numbers as numbers, on/off and enums in any case).
 */
export const restartedWith = (settings: readonly RunningSetting[]): Postcondition =>
  exact(
    `SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_settings WHERE pending_restart)
   AND NOT EXISTS (
     SELECT 1 FROM unnest($1::text[], $2::text[], $3::boolean[]) AS w(name, setting, equal)
       LEFT JOIN pg_catalog.pg_settings s ON s.name = w.name
      WHERE (CASE WHEN s.vartype IN ('integer', 'real') THEN s.setting::numeric = w.setting::numeric
                  WHEN s.vartype IN ('bool', 'enum') THEN pg_catalog.lower(s.setting) = pg_catalog.lower(w.setting)
                  ELSE s.setting = w.setting END) IS DISTINCT FROM w.equal)`,
    settings.map((s) => s.name),
    settings.map((s) => s.setting),
    settings.map((s) => s.equal),
  );
