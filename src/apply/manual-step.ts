import type { ManualStep } from '../planner/plan.js';
import type { RunContext } from './run-context.js';
import { OperatorNeeded } from './step-failure.js';

/**
 * A step only an operator can do (e.g. edit pg_hba.conf): apply stops with the instruction (exit 5).
 * Re-running apply after stopping here confirms it, unless a postcondition can tell (then the
 * postcondition decides, before this runs).
 */
export async function runManualStep(ctx: RunContext, step: ManualStep): Promise<string> {
  if (ctx.inFlight.get(step.id) === 'stopped' && !step.postcondition) {
    return 'confirmed by re-running apply after the stop';
  }
  throw new OperatorNeeded(`${step.instruction.trim()} Then re-run \`replctl apply\` to resume.`);
}
