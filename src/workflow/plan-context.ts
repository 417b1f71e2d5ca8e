import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import type { PlanContext, SubscriptionConnection } from '../planner/context.js';

/** The environment's subscriptionConnection as the planner takes it; undefined without a password. */
export function subscriptionConnectionOf(
  environment: ResolvedEnvironment,
): SubscriptionConnection | undefined {
  const c = environment.subscriptionConnection;
  if (c?.password === undefined) return undefined;
  const { port, sslmode, ...rest } = c;
  return { ...rest, password: c.password, port: String(port), ...(sslmode ? { sslmode } : {}) };
}

/**
 * What the plan context takes from the environment: restart mode, RDS instance and subscription
 * connection. One place, so plan and import cannot disagree about it.
 */
export function environmentPlanContext(
  environment: ResolvedEnvironment,
): Pick<PlanContext, 'environment' | 'restart' | 'rdsInstance' | 'subscriptionConnection'> {
  const connection = subscriptionConnectionOf(environment);
  return {
    environment: environment.name,
    restart:
      environment.source.restart.kind === 'manual'
        ? 'manual'
        : { command: environment.source.restart.command },
    ...(environment.target.rds ? { rdsInstance: environment.target.rds.instance } : {}),
    ...(connection ? { subscriptionConnection: connection } : {}),
  };
}
