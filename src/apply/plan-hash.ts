import { createHash } from 'node:crypto';
import type { Plan } from '../planner/plan.js';

/**
 * Identifies what a run applied: sha256 over the plan's canonical JSON without `createdAt`, so two
 * plans with the same steps from the same state hash alike.
 */
export function planHash(plan: Plan): string {
  const { createdAt: _createdAt, ...content } = plan;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
