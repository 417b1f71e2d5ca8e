import type { SecretRef } from '../model/secret-ref.js';

/** How the source is restarted (design §3): the environment's command, or an operator. */
export type RestartMode = { readonly command: string } | 'manual';

/**
 * How the target reaches the source (replctl.yaml `subscriptionConnection`), with every value but
 * the password already resolved by the caller (a port given as `{ env: … }` is not a secret).
 */
export interface SubscriptionConnection {
  readonly host: string;
  readonly port: string;
  readonly dbname: string;
  readonly user: string;
  readonly sslmode?: string;
  readonly password: SecretRef;
}

/**
 * What the caller found out about one secret before planning, so the planner stays pure: whether
 * the fingerprint recorded on the live object matches the current secret, and the fingerprint to
 * record when replctl sets it (see `fingerprintSecret`).
 */
export interface SecretStatus {
  readonly matches: boolean;
  readonly fingerprint: string;
}

/**
 * Everything the planner needs besides the desired and live states. None of it is a secret: the
 * password stays a reference and its status is computed by the caller.
 */
export interface PlanContext {
  readonly environment: string;
  /** The changeset version the plan brings the live state to. */
  readonly targetVersion: number;
  /** Checksum per changeset version 1..N. */
  readonly changesetChecksums: Readonly<Record<string, string>>;
  readonly toolVersion: string;
  /** ISO 8601; passed in so planning is deterministic. */
  readonly createdAt: string;
  /** The source database (GRANT CONNECT ON DATABASE). */
  readonly sourceDatabase: string;
  /**
   * Step ids the environment's last run started and never finished (its journal): what a crash
   * left in flight. Only a subscription whose CREATE is among them may take over a slot of its name.
   */
  readonly interruptedSteps?: ReadonlySet<string>;
  readonly restart: RestartMode;
  /** The RDS instance to attach the parameter group to and reboot; absent: groups only. */
  readonly rdsInstance?: string;
  /** Needed only when a subscription is created or its connection changes. */
  readonly subscriptionConnection?: SubscriptionConnection;
  readonly secrets: {
    /**
     * Per desired role with a password: `matches` compares `LiveRole.passwordFingerprint` with the
     * resolved password (`fingerprintMatches`).
     */
    readonly roles: Readonly<Record<string, SecretStatus>>;
    /**
     * Per desired subscription: `matches` compares `LiveSubscription.connectionFingerprint` with
     * `formatConninfo(subscriptionConninfo(connection), resolve)`, so a changed host, port, user or
     * password all count as a changed connection.
     */
    readonly subscriptions: Readonly<Record<string, SecretStatus>>;
  };
}

/** The libpq keywords of a subscription connection, in the order they are written. */
export function subscriptionConninfo(
  connection: SubscriptionConnection,
): Readonly<Record<string, string | SecretRef>> {
  return {
    host: connection.host,
    port: connection.port,
    dbname: connection.dbname,
    user: connection.user,
    password: connection.password,
    ...(connection.sslmode === undefined ? {} : { sslmode: connection.sslmode }),
  };
}
