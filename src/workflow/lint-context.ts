import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import type { LintContext } from '../lint/lint-context.js';
import type { ManagedScope } from '../planner/managed-scope.js';

/**
 * What the linter needs of an environment (the subscription connection, without its password)
 * and of the changesets (what they manage).
 */
export function lintContextOf(environment: ResolvedEnvironment, managed: ManagedScope): LintContext {
  const c = environment.subscriptionConnection;
  if (c === undefined) return { managed };
  return {
    managed,
    connection: {
      host: c.host,
      port: String(c.port),
      dbname: c.dbname,
      user: c.user,
      ...(c.sslmode === undefined ? {} : { sslmode: c.sslmode }),
    },
  };
}
