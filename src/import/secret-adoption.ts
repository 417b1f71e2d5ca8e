import { createHash } from 'node:crypto';
import type { DiscoveredRole, DiscoveredSlot } from '../introspect/discover.js';
import { FINGERPRINT_COMMENT_PREFIX } from '../introspect/fingerprint-comment.js';
import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { describeSecretRef, type SecretRef } from '../model/secret-ref.js';
import { type SubscriptionConnection, subscriptionConninfo } from '../planner/context.js';
import { fingerprintMatches, fingerprintSecret } from '../planner/secret-fingerprint.js';
import { formatConninfo } from '../planner/sql-text.js';
import type { LoginCheck } from './login-check.js';

/**
 * replctl sees a rotated password by the fingerprint it records in a COMMENT when it sets one. A
 * setup built by hand has none, so a plan would set every password it manages to record one: a
 * password change nobody asked for. Import instead records the fingerprint of the secret the
 * changeset names (the value itself is never read back nor changed), but only after the source
 * accepted that secret as the role's password, and only where replctl recorded nothing yet.
 */
export type SecretOutcome =
  /** replctl recorded a fingerprint, and the secret still matches it. */
  | { readonly kind: 'matches' }
  /** Nothing recorded: import records `fingerprint` (`verified`: the source accepted the secret). */
  | {
      readonly kind: 'record';
      readonly fingerprint: string;
      readonly verified: boolean;
      readonly why?: string;
    }
  /** replctl recorded a fingerprint of another value: a rotation plan shows, left as it is. */
  | { readonly kind: 'rotation' }
  /** The secret cannot be read (its variable is not set): nothing can be compared nor recorded. */
  | { readonly kind: 'unresolved'; readonly reason: string }
  /** The source refused the secret as the role's password: recording it would be a lie. */
  | { readonly kind: 'refused' }
  /** The subscription logs in as another user than the environment's subscriptionConnection. */
  | { readonly kind: 'other-user'; readonly user: string };

export interface SecretAdoption {
  readonly object: 'role' | 'subscription';
  readonly name: string;
  /** The reference, for messages: `env:REPLICATOR_PASSWORD`. */
  readonly secret: string;
  readonly outcome: SecretOutcome;
  /** A COMMENT of the user's that recording replaces. */
  readonly replacesComment?: string;
}

export interface SecretAdoptionInput {
  /** The desired state the changesets fold to once the import is written. */
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly roles: readonly DiscoveredRole[];
  readonly slots: readonly DiscoveredSlot[];
  readonly connection: SubscriptionConnection | undefined;
  /** Resolves a reference; throws (naming the variable or file, never a value) when it cannot. */
  readonly resolve: (ref: SecretRef) => string;
  /** Logs in to the source as `user` with `password`. */
  readonly checkLogin: (user: string, password: string) => Promise<LoginCheck>;
}

/** For each managed password and subscription connection that exists live: what import does. */
export async function adoptSecrets(input: SecretAdoptionInput): Promise<SecretAdoption[]> {
  const logins = new Map<string, Promise<LoginCheck>>();
  const checkLogin = (user: string, password: string) => {
    const key = JSON.stringify([user, fingerprintKey(password)]);
    let check = logins.get(key);
    if (check === undefined) {
      check = input.checkLogin(user, password);
      logins.set(key, check);
    }
    return check;
  };
  const adoptions: SecretAdoption[] = [];
  for (const [name, role] of Object.entries(input.desired.source?.roles ?? {}).sort(byName)) {
    const live = input.live.source.roles[name];
    if (role.password === undefined || live === undefined) continue;
    const secret = describeSecretRef(role.password);
    const value = tryResolve(input.resolve, role.password);
    const outcome: SecretOutcome =
      'reason' in value
        ? { kind: 'unresolved', reason: value.reason }
        : live.passwordFingerprint !== undefined
          ? fingerprintMatches(live.passwordFingerprint, value.value)
            ? { kind: 'matches' }
            : { kind: 'rotation' }
          : recordAfter(await checkLogin(name, value.value), value.value);
    const comment = input.roles.find((r) => r.name === name)?.comment;
    adoptions.push({
      object: 'role',
      name,
      secret,
      outcome,
      ...(outcome.kind === 'record' && comment && !comment.startsWith(FINGERPRINT_COMMENT_PREFIX)
        ? { replacesComment: comment }
        : {}),
    });
  }
  for (const name of Object.keys(input.desired.target?.subscriptions ?? {}).sort()) {
    const live = input.live.target.subscriptions[name];
    if (live === undefined) continue;
    adoptions.push(await adoptConnection(name, live, input, checkLogin));
  }
  return adoptions;
}

async function adoptConnection(
  name: string,
  live: LiveState['target']['subscriptions'][string],
  input: SecretAdoptionInput,
  checkLogin: (user: string, password: string) => Promise<LoginCheck>,
): Promise<SecretAdoption> {
  const connection = input.connection;
  const adoption = (secret: string, outcome: SecretOutcome): SecretAdoption => ({
    object: 'subscription',
    name,
    secret,
    outcome,
  });
  if (connection === undefined) {
    return adoption('the subscription connection', {
      kind: 'unresolved',
      reason: 'the environment has no subscriptionConnection with a password in replctl.yaml',
    });
  }
  const secret = `the subscriptionConnection (${describeSecretRef(connection.password)})`;
  let conninfo: string;
  let password: string;
  try {
    conninfo = formatConninfo(subscriptionConninfo(connection), input.resolve);
    password = input.resolve(connection.password);
  } catch (error) {
    return adoption(secret, { kind: 'unresolved', reason: (error as Error).message });
  }
  if (live.connectionFingerprint !== undefined) {
    return adoption(
      secret,
      fingerprintMatches(live.connectionFingerprint, conninfo) ? { kind: 'matches' } : { kind: 'rotation' },
    );
  }
  const slot = input.slots.find((s) => s.name === live.slotName);
  if (slot?.activeUser && slot.activeUser !== connection.user) {
    return adoption(secret, { kind: 'other-user', user: slot.activeUser });
  }
  return adoption(secret, recordAfter(await checkLogin(connection.user, password), conninfo));
}

function recordAfter(check: LoginCheck, value: string): SecretOutcome {
  if (check === 'refused') return { kind: 'refused' };
  return check === 'accepted'
    ? { kind: 'record', fingerprint: fingerprintSecret(value), verified: true }
    : { kind: 'record', fingerprint: fingerprintSecret(value), verified: false, why: check.unverifiable };
}

function tryResolve(
  resolve: (ref: SecretRef) => string,
  ref: SecretRef,
): { readonly value: string } | { readonly reason: string } {
  try {
    return { value: resolve(ref) };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/** A cache key that does not hold the password itself. */
function fingerprintKey(password: string): string {
  return createHash('sha256').update(password).digest('base64url');
}

function byName<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
