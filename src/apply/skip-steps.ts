import type { Step } from '../planner/plan.js';
import type { RunContext } from './run-context.js';
import { rowFor } from './step-rows.js';

export const ALREADY_HELD = 'postcondition already held';

/** Journals and reports steps whose postcondition already held: an earlier run finished them. */
export async function recordSkipped(ctx: RunContext, steps: readonly Step[]): Promise<void> {
  if (steps.length === 0) return;
  const at = new Date(ctx.options.clock.now());
  await ctx.journal.recordSteps(
    steps.map((s) =>
      rowFor(ctx, s, { status: 'skipped', startedAt: at, finishedAt: at, note: ALREADY_HELD }),
    ),
  );
  for (const s of steps) {
    ctx.outcomes.push({ stepId: s.id, status: 'skipped', note: ALREADY_HELD });
    ctx.report({ kind: 'step-end', stepId: s.id, status: 'skipped', durationMs: 0, note: ALREADY_HELD });
  }
}
