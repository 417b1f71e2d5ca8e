import { describeSecretRef, type SecretRef } from '../model/secret-ref.js';
import type { Plan } from '../planner/plan.js';
import type { Redactor } from './redactor.js';

/** Every secret reference the plan's SQL steps use. */
export function planSecretRefs(plan: Plan): readonly SecretRef[] {
  const refs = new Map<string, SecretRef>();
  for (const step of plan.steps) {
    if (step.kind !== 'sql') continue;
    for (const part of step.sql) {
      if (typeof part === 'string') continue;
      if ('secretLiteral' in part) refs.set(describeSecretRef(part.secretLiteral), part.secretLiteral);
      else
        for (const value of Object.values(part.conninfoLiteral))
          if (typeof value !== 'string') refs.set(describeSecretRef(value), value);
    }
  }
  return [...refs.values()];
}

/**
 * Resolves all of the plan's secrets before the first step (a missing one stops apply before it
 * changes anything) and teaches the redactor their values. Returns a synchronous resolver over them.
 */
export async function resolvePlanSecrets(
  plan: Plan,
  resolve: (ref: SecretRef) => string | Promise<string>,
  redactor: Redactor,
): Promise<(ref: SecretRef) => string> {
  const values = new Map<string, string>();
  for (const ref of planSecretRefs(plan)) {
    const value = await resolve(ref);
    redactor.add(value);
    values.set(describeSecretRef(ref), value);
  }
  return (ref) => {
    const value = values.get(describeSecretRef(ref));
    if (value === undefined)
      throw new Error(`secret ${describeSecretRef(ref)} was not resolved before apply`);
    return value;
  };
}
