import type { FoldedState } from '../changesets/fold.js';
import { displayPath, pointerOf } from '../changesets/json-pointer.js';
import { resolveSecret } from '../config/resolve.js';
import type { ResolveContext } from '../config/resolve-context.js';
import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import type { LiveState } from '../model/live-state.js';
import type { SecretRef } from '../model/secret-ref.js';
import type { PlanContext, SecretStatus, SubscriptionConnection } from '../planner/context.js';
import { subscriptionConninfo } from '../planner/context.js';
import { fingerprintMatchesAsync, fingerprintSecretAsync } from '../planner/secret-fingerprint.js';
import { formatConninfo } from '../planner/sql-text.js';

/**
 * The values of the secrets a plan to `folded` uses: each role's password and the subscription
 * connection. Resolved before any connection is opened, so a reference that cannot be resolved
 * (an unset variable, a file outside the project) stops the command before it reaches a database.
 */
export interface DesiredSecretValues {
  readonly roles: Readonly<Record<string, string>>;
  /** The subscriptions' conninfo with its password, when there are subscriptions to compare. */
  readonly subscriptionConninfo: string | undefined;
  readonly subscriptions: readonly string[];
}

export function resolveDesiredSecrets(
  folded: FoldedState,
  connection: SubscriptionConnection | undefined,
  environment: ResolvedEnvironment,
  ctx: ResolveContext,
): DesiredSecretValues {
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

/** Fresh fingerprints of every secret value (one per subscription, each with its own salt). */
export interface FreshFingerprints {
  readonly roles: Readonly<Record<string, Promise<string>>>;
  readonly subscriptions: Readonly<Record<string, Promise<string>>>;
}

/**
 * Starts the fresh fingerprints of `values` on the libuv threadpool (scrypt is slow by design):
 * started before introspection, they are ready when it ends at no cost to the plan's wall time.
 * A secret whose recorded fingerprint still matches does not use its fresh one.
 */
export function startFreshFingerprints(values: DesiredSecretValues): FreshFingerprints {
  const start = (value: string) => {
    const fingerprint = fingerprintSecretAsync(value);
    // Awaited only when needed (not at all should introspection fail): never an unhandled rejection.
    fingerprint.catch(() => undefined);
    return fingerprint;
  };
  const roles = Object.fromEntries(Object.entries(values.roles).map(([role, value]) => [role, start(value)]));
  const conninfo = values.subscriptionConninfo;
  const subscriptions =
    conninfo === undefined
      ? {}
      : Object.fromEntries(values.subscriptions.map((name) => [name, start(conninfo)]));
  return { roles, subscriptions };
}

/**
 * Compares each managed secret with the fingerprint recorded on its live object, so the pure
 * planner can tell a rotated password without ever reading one back (design §8). Resolved values
 * stay in this module.
 */
export async function secretStatuses(
  values: DesiredSecretValues,
  live: LiveState,
  fresh: FreshFingerprints,
): Promise<PlanContext['secrets']> {
  const roles = Object.entries(values.roles).map(async ([role, value]) => {
    const recorded = live.source.roles[role]?.passwordFingerprint;
    return [role, await status(recorded, value, fresh.roles[role]!)] as const;
  });
  const conninfo = values.subscriptionConninfo;
  const subscriptions =
    conninfo === undefined
      ? []
      : values.subscriptions.map(async (name) => {
          const recorded = live.target.subscriptions[name]?.connectionFingerprint;
          return [name, await status(recorded, conninfo, fresh.subscriptions[name]!)] as const;
        });
  return {
    roles: Object.fromEntries(await Promise.all(roles)),
    subscriptions: Object.fromEntries(await Promise.all(subscriptions)),
  };
}

async function status(
  recorded: string | undefined,
  value: string,
  fresh: Promise<string>,
): Promise<SecretStatus> {
  return (await fingerprintMatchesAsync(recorded, value))
    ? { matches: true, fingerprint: recorded! }
    : { matches: false, fingerprint: await fresh };
}
