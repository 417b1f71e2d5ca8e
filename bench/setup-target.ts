import { quoteIdent, quoteLiteral } from '../src/sql/quote.js';
import { withDatabase } from '../test/support/local-env.js';

/**
 * Where a hand-written setup runs: a fresh copy of the source database and a fresh target database
 * of the same name, with a role, publication and subscription of its own (roles and replication
 * slots are per cluster, so the names must not collide with replctl's).
 */
export interface SetupTarget {
  /** The source's superuser, in `database`. */
  readonly sourceUrl: string;
  /** The RDS master login, in its maintenance database (replctl's own target login). */
  readonly targetUrl: string;
  readonly database: string;
  readonly sourcePort: number;
  readonly role: string;
  readonly password: string;
  readonly publication: string;
  readonly subscription: string;
}

export function targetDatabaseUrl(t: SetupTarget): string {
  return withDatabase(t.targetUrl, t.database);
}

export function createRoleSql(t: SetupTarget): string {
  return `CREATE ROLE ${quoteIdent(t.role)} LOGIN REPLICATION PASSWORD ${quoteLiteral(t.password)}`;
}

export function createSubscriptionSql(t: SetupTarget): string {
  const conninfo = `host=127.0.0.1 port=${t.sourcePort} dbname=${t.database} user=${t.role} password=${t.password}`;
  return `CREATE SUBSCRIPTION ${quoteIdent(t.subscription)} CONNECTION ${quoteLiteral(conninfo)} PUBLICATION ${quoteIdent(t.publication)}`;
}

/** The publish option replctl's changeset sets, spelled as CREATE PUBLICATION takes it. */
export const PUBLISH_ALL = `publish = 'insert, update, delete, truncate'`;
