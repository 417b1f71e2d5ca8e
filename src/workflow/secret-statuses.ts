import type { FoldedState } from '../changesets/fold.js';
import { displayPath, pointerOf } from '../changesets/json-pointer.js';
import { resolveSecret } from '../config/resolve.js';
import type { ResolveContext } from '../config/resolve-context.js';
import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import type { LiveState } from '../model/live-state.js';
import type { SecretRef } from '../model/secret-ref.js';
import type { PlanContext, SecretStatus, SubscriptionConnection } from '../planner/context.js';
import { subscriptionConninfo } from '../planner/context.js';
import { fingerprintMatches, fingerprintSecret } from '../planner/secret-fingerprint.js';
import { formatConninfo } from '../planner/sql-text.js';

/**
 * Compares each managed secret with the fingerprint recorded on its live object, so the pure
 * planner can tell a rotated password without ever reading one back (design §8). Resolved values
 * stay in this function.
 */
export function secretStatuses(
  folded: FoldedState,
  live: LiveState,
  connection: SubscriptionConnection | undefined,
  environment: ResolvedEnvironment,
  ctx: ResolveContext,
): PlanContext['secrets'] {
  const roles: Record<string, SecretStatus> = {};
  for (const [role, desired] of Object.entries(folded.state.source?.roles ?? {})) {
    if (desired.password === undefined) continue;
    const pointer = pointerOf(['source', 'roles', role, 'password']);
    const value = resolveSecret(
      desired.password,
      { path: displayPath(pointer), position: folded.origin(pointer, 'value') },
      ctx,
    );
    roles[role] = status(live.source.roles[role]?.passwordFingerprint, value);
  }
  const subscriptions: Record<string, SecretStatus> = {};
  const desiredSubscriptions = Object.keys(folded.state.target?.subscriptions ?? {});
  if (connection !== undefined && desiredSubscriptions.length > 0) {
    const where = { path: `environments.${environment.name}.subscriptionConnection.password` };
    const resolve = (ref: SecretRef) => resolveSecret(ref, where, ctx);
    const conninfo = formatConninfo(subscriptionConninfo(connection), resolve);
    for (const name of desiredSubscriptions) {
      subscriptions[name] = status(live.target.subscriptions[name]?.connectionFingerprint, conninfo);
    }
  }
  return { roles, subscriptions };
}

function status(recorded: string | undefined, value: string): SecretStatus {
  return fingerprintMatches(recorded, value)
    ? { matches: true, fingerprint: recorded! }
    : { matches: false, fingerprint: fingerprintSecret(value) };
}
