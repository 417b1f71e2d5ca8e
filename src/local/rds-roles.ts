import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { PostgresMajor } from './postgres/binaries.js';

/**
 * The roles of a new RDS for PostgreSQL instance, as far as replctl can tell them apart: the
 * master login is not a superuser but a member of `rds_superuser`, which holds the predefined roles
 * RDS grants it. The instance's real superuser (`rdsadmin` on RDS) is the bootstrap superuser of
 * the target cluster and only the local RDS endpoint ("the AWS control plane") logs in with it.
 */
export const RDS_ADMIN_USER = 'rdsadmin';
export const RDS_SUPERUSER_ROLE = 'rds_superuser';
/** The master username RDS proposes by default. */
export const RDS_MASTER_USER = 'postgres';

/**
 * Whether the engine lets a non-superuser own a subscription (pg_create_subscription, 16+). Before
 * that only a superuser may CREATE SUBSCRIPTION in community PostgreSQL, so the master login there
 * is a superuser — RDS patches its engine instead, which a local cluster cannot.
 */
export function masterIsSuperuser(major: PostgresMajor): boolean {
  return major < 16;
}

/** Predefined roles RDS gives rds_superuser (with ADMIN OPTION), of those this major has. */
function predefinedRoles(major: PostgresMajor): readonly string[] {
  return [
    'pg_monitor',
    'pg_signal_backend',
    ...(major >= 15 ? ['pg_checkpoint'] : []),
    ...(major >= 16 ? ['pg_create_subscription', 'pg_use_reserved_connections'] : []),
  ];
}

/**
 * Statements for the target's bootstrap superuser, in the `postgres` database. The master login
 * owns `postgres`, so it has CREATE there (CREATE SUBSCRIPTION on 16+ needs it, and replctl's
 * journal schema lives there) as on RDS; databases it creates it owns.
 */
export function rdsRoleStatements(major: PostgresMajor, masterPassword: string): readonly string[] {
  const role = quoteIdent(RDS_SUPERUSER_ROLE);
  const master = quoteIdent(RDS_MASTER_USER);
  const superuser = masterIsSuperuser(major) ? 'SUPERUSER' : 'NOSUPERUSER';
  return [
    `CREATE ROLE ${role} NOLOGIN`,
    `GRANT ${predefinedRoles(major).map(quoteIdent).join(', ')} TO ${role} WITH ADMIN OPTION`,
    `CREATE ROLE ${master} LOGIN ${superuser} CREATEDB CREATEROLE IN ROLE ${role} PASSWORD ${quoteLiteral(masterPassword)}`,
    `ALTER DATABASE postgres OWNER TO ${master}`,
  ];
}
