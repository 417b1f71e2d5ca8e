import type { SecretRef } from '../model/secret-ref.js';

/**
 * The reference import writes for a role's password: the environment's subscriptionConnection
 * password when the role is the connection's user (one secret, used on both sides), else
 * `{ env: <ROLE>_PASSWORD }`, the role name upper-cased with every character a variable name
 * cannot hold replaced by `_` (`replicator` -> REPLICATOR_PASSWORD, `app-sync` -> APP_SYNC_PASSWORD).
 */
export function passwordReference(
  role: string,
  connection: { readonly user: string; readonly password?: SecretRef } | undefined,
): SecretRef {
  if (connection?.password !== undefined && connection.user === role) return connection.password;
  return { env: passwordVariable(role) };
}

export function passwordVariable(role: string): string {
  const base = role.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return `${/^[0-9]/.test(base) ? '_' : ''}${base}_PASSWORD`;
}
