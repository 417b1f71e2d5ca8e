import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import type { PlanContext } from './context.js';
import { diff } from './diff.js';
import { fingerprintLiveState } from './live-fingerprint.js';
import type { ManagedScope } from './managed-scope.js';
import { order } from './order.js';
import type { Plan } from './plan.js';

/**
 * The planner (pure: no database, file or AWS access): what it takes to bring `live` to `desired`,
 * as an ordered plan. `managed` is `managedScope(every changeset document)`: live objects outside
 * it are never touched.
 *
 * @example
 * const scope = managedScope(changesets.map((c) => c.document));
 * const result = plan(fold(changesets, k), await introspect(env), context, scope);
 */
export function plan(
  desired: DesiredState,
  live: LiveState,
  context: PlanContext,
  managed: ManagedScope,
): Plan {
  return order(diff(desired, live, context, managed), context, fingerprintLiveState(live));
}

export type * from './changes.js';
export type { PlanContext, RestartMode, SecretStatus, SubscriptionConnection } from './context.js';
export { subscriptionConninfo } from './context.js';
export { diff } from './diff.js';
export { canonicalJson, fingerprintLiveState } from './live-fingerprint.js';
export { EMPTY_SCOPE, type ManagedScope, managedScope } from './managed-scope.js';
export { order } from './order.js';
export type * from './plan.js';
export { PLAN_FORMAT_VERSION } from './plan.js';
export { prepareDesired } from './prepare-desired.js';
export { fingerprintMatches, fingerprintSecret } from './secret-fingerprint.js';
export { displaySql, executableSql, formatConninfo } from './sql-text.js';
