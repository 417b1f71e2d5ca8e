import type { ApplyUnit } from './apply-units.js';
import { runBatch } from './run-batch.js';
import type { RunContext } from './run-context.js';
import { runSingle } from './run-single.js';
import { type SchedulerLimits, schedulableUnits, UnitScheduler } from './unit-scheduler.js';

/**
 * Runs the plan's units, overlapping independent SQL work as the scheduler allows. When a unit
 * fails, nothing new starts; the units in flight settle (and journal their outcomes), then the
 * failure earliest in plan order is thrown, so the message does not depend on timing.
 */
export async function runUnits(
  ctx: RunContext,
  units: readonly ApplyUnit[],
  limits: SchedulerLimits,
): Promise<void> {
  const scheduler = new UnitScheduler(schedulableUnits(units), limits);
  const running = new Map<number, Promise<void>>();
  const failures: { readonly index: number; readonly error: unknown }[] = [];
  for (;;) {
    if (failures.length === 0) {
      for (const index of scheduler.start()) {
        const run = runUnit(ctx, units[index]!).then(
          () => scheduler.finish(index),
          (error: unknown) => {
            failures.push({ index, error });
          },
        );
        running.set(
          index,
          run.finally(() => running.delete(index)),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (failures.length > 0) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).error;
  if (!scheduler.done) throw new Error('apply stopped with units left that could never start');
}

function runUnit(ctx: RunContext, unit: ApplyUnit): Promise<void> {
  return unit.kind === 'batch' ? runBatch(ctx, unit.endpoint, unit.steps) : runSingle(ctx, unit.step);
}
