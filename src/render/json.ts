import type { Finding } from '../lint/finding.js';
import type { Plan } from '../planner/plan.js';
import { toPlanDocument } from './plan-document.js';

/**
 * `plan --format json` and the saved plan of `plan --out`: the PlanDocument, two-space indented, with
 * a final newline. Read it back with `parsePlanJson`. `findings` (lint) go last, when given: they
 * are informative, and a saved plan is linted again when applied.
 */
export function renderJson(plan: Plan, extra: { readonly findings?: readonly Finding[] } = {}): string {
  const document = toPlanDocument(plan);
  return `${JSON.stringify(extra.findings === undefined ? document : { ...document, findings: extra.findings }, null, 2)}\n`;
}
