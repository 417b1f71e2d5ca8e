import type { DesiredState } from '../model/desired-state.js';
import type { PlanContext, SecretStatus } from '../planner/context.js';
import type { SecretAdoption } from './secret-adoption.js';

/** Where no fingerprint is known: the planner records it only when it sets the secret itself. */
const UNKNOWN: SecretStatus = { matches: false, fingerprint: 'replctl:unknown' };

/**
 * The secret statuses `plan` will compute once import has recorded what it records (pure): what
 * the plan check before writing plans with. A secret that cannot be read counts as matching here:
 * `plan` stops at it anyway, and import says so.
 */
export function plannedSecrets(
  desired: DesiredState,
  adoptions: readonly SecretAdoption[],
  recording: boolean,
): PlanContext['secrets'] {
  const status = (object: SecretAdoption['object'], name: string): SecretStatus => {
    const outcome = adoptions.find((a) => a.object === object && a.name === name)?.outcome;
    if (outcome === undefined) return UNKNOWN;
    switch (outcome.kind) {
      case 'matches':
      case 'unresolved':
        return { matches: true, fingerprint: UNKNOWN.fingerprint };
      case 'record':
        return { matches: recording, fingerprint: outcome.fingerprint };
      default:
        return UNKNOWN;
    }
  };
  const roles = Object.entries(desired.source?.roles ?? {})
    .filter(([, role]) => role.password !== undefined)
    .map(([name]) => [name, status('role', name)] as const);
  const subscriptions = Object.keys(desired.target?.subscriptions ?? {}).map(
    (name) => [name, status('subscription', name)] as const,
  );
  return { roles: Object.fromEntries(roles), subscriptions: Object.fromEntries(subscriptions) };
}
