import type { Plan } from '../planner/plan.js';
import { toPlanDocument } from './plan-document.js';

/**
 * `plan --format json` and the saved plan of `plan --out`: the PlanDocument, two-space indented, with
 * a final newline. Read it back with `parsePlanJson`.
 */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(toPlanDocument(plan), null, 2)}\n`;
}
