import { createHash } from 'node:crypto';
import { canonicalJson } from '../planner/index.js';
import type { Plan } from '../planner/plan.js';

/**
 * Identifies what a run applied: sha256 over the plan's canonical JSON without `createdAt`, so two
 * plans with the same steps from the same state hash alike. (The journal records it; nothing
 * compares it with a hash of another tool version.)
 */
export function planHash(plan: Plan): string {
  const { createdAt: _createdAt, ...content } = plan;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
