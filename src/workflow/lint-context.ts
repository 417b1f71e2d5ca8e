import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import type { LintContext } from '../lint/lint-context.js';

/** What the linter needs of an environment: the subscription connection, without its password. */
export function lintContextOf(environment: ResolvedEnvironment): LintContext {
  const c = environment.subscriptionConnection;
  if (c === undefined) return {};
  return {
    connection: {
      host: c.host,
      port: String(c.port),
      dbname: c.dbname,
      user: c.user,
      ...(c.sslmode === undefined ? {} : { sslmode: c.sslmode }),
    },
  };
}
