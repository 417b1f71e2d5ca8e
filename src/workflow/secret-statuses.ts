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
 * The values of the secrets a plan to `folded` uses: each role's password and the subscription
 * connection. Resolved before any connection is opened, so a reference that cannot be resolved
 * (an unset variable, a file outside the project) stops the command before it reaches a database.
 */
export interface PlanSecretValues {
  readonly roles: Readonly<Record<string, string>>;
  /** The subscriptions' conninfo with its password, when there are subscriptions to compare. */
  readonly subscriptionConninfo: string | undefined;
  readonly subscriptions: readonly string[];
}

export function resolvePlanSecrets(
  folded: FoldedState,
  connection: SubscriptionConnection | undefined,
  environment: ResolvedEnvironment,
  ctx: ResolveContext,
): PlanSecretValues {
  const roles: Record<string, string> = {};
  for (const [role, desired] of Object.entries(folded.state.source?.roles ?? {})) {
    if (desired.password === undefined) continue;
    const pointer = pointerOf(['source', 'roles', role, 'password']);
    roles[role] = resolveSecret(
      desired.password,
      { path: displayPath(pointer), position: folded.origin(pointer, 'value') },
      ctx,
    );
  }
  const subscriptions = Object.keys(folded.state.target?.subscriptions ?? {});
  if (connection === undefined || subscriptions.length === 0)
    return { roles, subscriptionConninfo: undefined, subscriptions };
  const where = { path: `environments.${environment.name}.subscriptionConnection.password` };
  const resolve = (ref: SecretRef) => resolveSecret(ref, where, ctx);
  return {
    roles,
    subscriptionConninfo: formatConninfo(subscriptionConninfo(connection), resolve),
    subscriptions,
  };
}

/**
 * Compares each managed secret with the fingerprint recorded on its live object, so the pure
 * planner can tell a rotated password without ever reading one back (design §8). Resolved values
 * stay in this module.
 */
export function secretStatuses(values: PlanSecretValues, live: LiveState): PlanContext['secrets'] {
  const roles: Record<string, SecretStatus> = {};
  for (const [role, value] of Object.entries(values.roles)) {
    roles[role] = status(live.source.roles[role]?.passwordFingerprint, value);
  }
  const subscriptions: Record<string, SecretStatus> = {};
  const conninfo = values.subscriptionConninfo;
  if (conninfo !== undefined) {
    for (const name of values.subscriptions) {
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
