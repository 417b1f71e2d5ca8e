import { ReplctlError } from '../errors.js';
import type { Queryable } from '../introspect/queryable.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { SecretAdoption } from './secret-adoption.js';

export interface FingerprintSessions {
  /** The source database (COMMENT ON ROLE: roles are cluster-wide). */
  readonly source: Queryable;
  /** The replicated target database (COMMENT ON SUBSCRIPTION is per database). */
  readonly target: Queryable;
}

/**
 * Writes the COMMENTs replctl itself writes when it sets a password or a connection (see the
 * planner's role and subscription steps), for the adoptions whose outcome is `record`. Only the
 * fingerprint is written; the password and the connection stay exactly as they are.
 * @throws ReplctlError naming the object when the login may not comment on it.
 */
export async function recordFingerprints(
  adoptions: readonly SecretAdoption[],
  sessions: FingerprintSessions,
): Promise<void> {
  for (const adoption of adoptions) {
    if (adoption.outcome.kind !== 'record') continue;
    const comment = quoteLiteral(adoption.outcome.fingerprint);
    const [session, statement] =
      adoption.object === 'role'
        ? [sessions.source, `COMMENT ON ROLE ${quoteIdent(adoption.name)} IS ${comment}`]
        : [sessions.target, `COMMENT ON SUBSCRIPTION ${quoteIdent(adoption.name)} IS ${comment}`];
    try {
      await session.query(statement);
    } catch (error) {
      throw new ReplctlError(
        `could not record the fingerprint of ${adoption.object} ${adoption.name} (${(error as Error).message}); no changeset was written. Grant the login the right to COMMENT on it, or import with --no-record-fingerprints`,
        undefined,
        { cause: error },
      );
    }
  }
}
