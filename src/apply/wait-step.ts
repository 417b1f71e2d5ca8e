import type { WaitStep } from '../planner/plan.js';
import type { RunContext } from './run-context.js';
import { rdsInSync } from './wait-rds-in-sync.js';
import { sourceNoPendingRestart } from './wait-source-restart.js';
import { type WaitBudget, type WaitSpec, waitFor } from './wait-spec.js';
import { subscriptionSynced } from './wait-subscription-synced.js';

/** The budget of a wait of `kind` for step `stepId`: its timeout, the poll interval, progress. */
export function waitBudget(ctx: RunContext, kind: WaitStep['condition']['kind'], stepId: string): WaitBudget {
  const timeoutMs = ctx.options.waitTimeoutsMs[kind];
  return {
    clock: ctx.options.clock,
    timeoutMs,
    intervalMs: ctx.options.pollIntervalMs,
    onStatus: (status, elapsedMs) => ctx.report({ kind: 'waiting', stepId, status, elapsedMs, timeoutMs }),
  };
}

export async function runWaitStep(ctx: RunContext, step: WaitStep): Promise<string> {
  const started = ctx.options.clock.now();
  await waitFor(waitSpec(ctx, step.condition), waitBudget(ctx, step.condition.kind, step.id));
  return `condition met after ${Math.round((ctx.options.clock.now() - started) / 1000)}s`;
}

function waitSpec(ctx: RunContext, condition: WaitStep['condition']): WaitSpec {
  const { connections } = ctx;
  switch (condition.kind) {
    case 'rds-instance-in-sync':
      return rdsInSync(ctx.endpoints.rds!, condition.instance);
    case 'source-no-pending-restart':
      return sourceNoPendingRestart(
        async () => (await connections.get('source')).client,
        () => connections.close('source'),
      );
    case 'subscription-synced':
      return subscriptionSynced(
        async () => (await connections.get('target')).client,
        () => connections.close('target'),
        condition.subscription,
      );
  }
}
