import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import type { SubscriptionConnection } from '../planner/context.js';

/** The environment's subscriptionConnection as the planner takes it; undefined without a password. */
export function environmentConnection(environment: ResolvedEnvironment): SubscriptionConnection | undefined {
  const c = environment.subscriptionConnection;
  if (c?.password === undefined) return undefined;
  const { port, sslmode, ...rest } = c;
  return { ...rest, password: c.password, port: String(port), ...(sslmode ? { sslmode } : {}) };
}
