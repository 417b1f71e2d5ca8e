import type { AwsStep, SqlStep, Step } from '../planner/plan.js';
import { executableSql } from '../planner/sql-text.js';
import { isDatabaseEndpoint } from './apply-units.js';
import { runAwsStep } from './aws-step.js';
import type { DatabaseEndpoint } from './db-client.js';
import { runManualStep } from './manual-step.js';
import { PostconditionNotMet } from './postcondition-not-met.js';
import { alreadyHolding, evaluatePostconditions } from './postconditions.js';
import { runRestartStep } from './restart-step.js';
import type { RunContext } from './run-context.js';
import { recordSkipped } from './skip-steps.js';
import { classifyStop, StepFailure } from './step-failure.js';
import { rowFor } from './step-rows.js';
import { runWaitStep, waitBudget } from './wait-step.js';

/**
 * Runs one step on its own: skipped when its postcondition already holds; otherwise an intent row,
 * the step (SQL in autocommit, an AWS call, a restart, a wait, a manual stop), then a done row, or
 * a failed/stopped row with the redacted error.
 */
export async function runSingle(ctx: RunContext, step: Step): Promise<void> {
  const clock = ctx.options.clock;
  if (await postconditionHolds(ctx, step)) {
    await recordSkipped(ctx, [step]);
    return;
  }
  ctx.report({
    kind: 'step-start',
    stepId: step.id,
    summary: step.summary,
    index: ctx.positionOf(step),
    total: ctx.total,
  });
  const startedAt = new Date(clock.now());
  await ctx.journal.recordSteps([rowFor(ctx, step, { status: 'intent', startedAt })]);
  let note: string | undefined;
  try {
    note = await execute(ctx, step);
  } catch (error) {
    const stop = classifyStop(error, (t) => ctx.journal.scrub(t));
    const finishedAt = new Date(clock.now());
    await ctx.journal.recordSteps([
      rowFor(ctx, step, { status: stop.stepStatus, startedAt, finishedAt, error: stop.message }),
    ]);
    ctx.report({
      kind: 'step-end',
      stepId: step.id,
      status: stop.stepStatus,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    });
    const verb = stop.stepStatus === 'stopped' ? 'needs an operator' : 'failed';
    // The step id names the RDS object; the operator also needs the API call to look it up.
    const operation = step.kind === 'aws' ? ` (RDS ${step.operation})` : '';
    throw new StepFailure(step.id, {
      ...stop,
      message: `step ${step.id} ${verb}: ${stop.message}${operation}`,
    });
  }
  const finishedAt = new Date(clock.now());
  await ctx.journal.recordSteps([
    rowFor(ctx, step, { status: 'done', startedAt, finishedAt, ...(note ? { note } : {}) }),
  ]);
  ctx.outcomes.push({ stepId: step.id, status: 'done', ...(note ? { note } : {}) });
  ctx.report({
    kind: 'step-end',
    stepId: step.id,
    status: 'done',
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    ...(note ? { note } : {}),
  });
}

function execute(ctx: RunContext, step: Step): Promise<string | undefined> {
  switch (step.kind) {
    case 'sql':
      return runAutocommitSql(ctx, step);
    case 'aws':
      return runAws(ctx, step);
    case 'wait':
      return runWaitStep(ctx, step);
    case 'restart':
      return runRestartStep(ctx, step);
    case 'manual':
      return runManualStep(ctx, step);
  }
}

/** Statements PostgreSQL refuses in a transaction block run alone (design §5). */
async function runAutocommitSql(ctx: RunContext, step: SqlStep): Promise<undefined> {
  await ctx.connections.use(step.endpoint as DatabaseEndpoint, async ({ client }) => {
    await client.query(executableSql(step.sql, ctx.resolve));
    if (step.postcondition) {
      const [held] = await evaluatePostconditions(client, [step.postcondition]);
      if (!held) throw new PostconditionNotMet(step.id, step.postcondition.sql);
    }
  });
  return undefined;
}

async function runAws(ctx: RunContext, step: AwsStep): Promise<string | undefined> {
  const note = await runAwsStep(step, {
    rds: ctx.endpoints.rds!,
    inFlight: ctx.inFlight.get(step.id) === 'intent',
    budget: waitBudget(ctx, 'rds-instance-in-sync', step.id),
    rebootGraceMs: ctx.options.rebootGraceMs,
  });
  if (step.operation === 'RebootDBInstance') {
    // The target's server restarts: its connections are about to die.
    await Promise.all([ctx.connections.close('target'), ctx.connections.close('target-admin')]);
  }
  return note;
}

/**
 * Where a step's postcondition is evaluated: its own database; the source for a restart or a manual
 * step on the host. AWS steps and waits have none (they look at the API or poll themselves).
 */
function postconditionEndpoint(step: Step): DatabaseEndpoint | undefined {
  if (step.kind === 'aws' || step.kind === 'wait') return undefined;
  if (isDatabaseEndpoint(step.endpoint)) return step.endpoint;
  return step.kind === 'restart' || step.kind === 'manual' ? 'source' : undefined;
}

/** A postcondition that cannot be checked (e.g. the source is down) counts as not holding. */
async function postconditionHolds(ctx: RunContext, step: Step): Promise<boolean> {
  const endpoint = postconditionEndpoint(step);
  const postcondition = step.postcondition;
  if (!postcondition || !endpoint) return false;
  try {
    const [held] = await ctx.connections.use(endpoint, ({ client }) =>
      alreadyHolding(client, [postcondition]),
    );
    return held === true;
  } catch {
    // A restart or manual step runs alone: its endpoint may be down, start afresh after it. A SQL
    // step may share the endpoint with other units; the pool drops a broken connection itself.
    if (step.kind !== 'sql') await ctx.connections.close(endpoint);
    return false;
  }
}
