import type { SqlStep } from '../planner/plan.js';
import { executableSql } from '../planner/sql-text.js';
import type { DatabaseEndpoint, DbClient } from './db-client.js';
import type { EndpointConnection } from './endpoint-connections.js';
import { isConnectionError } from './failure.js';
import { PostconditionNotMet } from './postcondition-not-met.js';
import { alreadyHolding, evaluatePostconditions } from './postconditions.js';
import type { RunContext } from './run-context.js';
import { recordSkipped } from './skip-steps.js';
import { classifyStop, StepFailure } from './step-failure.js';
import { rowFor } from './step-rows.js';

/**
 * Runs adjacent transactional SQL steps of one endpoint in ONE transaction and one round trip for
 * all their statements (design §5). When the endpoint's database holds the journal, the steps' rows
 * are written inside that same transaction, so work and record commit together; otherwise an intent
 * row goes before and a done row after. Steps whose postcondition already holds are skipped.
 */
export async function runBatch(ctx: RunContext, endpoint: DatabaseEndpoint, steps: readonly SqlStep[]) {
  let connected = false;
  try {
    await ctx.connections.use(endpoint, (connection) => {
      connected = true;
      return runOn(ctx, connection, steps);
    });
  } catch (error) {
    if (connected) throw error;
    return fail(ctx, steps, steps[0]!, error, new Date(ctx.options.clock.now()));
  }
}

/** The batch on its leased connection (no other unit uses it meanwhile). */
async function runOn(ctx: RunContext, connection: EndpointConnection, steps: readonly SqlStep[]) {
  const clock = ctx.options.clock;
  const now = () => new Date(clock.now());
  const { client, holdsJournal } = connection;

  const held = await alreadyHolding(
    client,
    steps.map((s) => s.postcondition),
  );
  const skipped = steps.filter((_, i) => held[i]);
  const toRun = steps.filter((_, i) => !held[i]);
  await recordSkipped(ctx, skipped);
  if (toRun.length === 0) return;

  for (const s of toRun) {
    ctx.report({
      kind: 'step-start',
      stepId: s.id,
      summary: s.summary,
      index: ctx.positionOf(s),
      total: ctx.total,
    });
  }
  const startedAt = now();
  if (!holdsJournal) {
    await ctx.journal.recordSteps(toRun.map((s) => rowFor(ctx, s, { status: 'intent', startedAt })));
  }
  const statements = toRun.map((s) => executableSql(s.sql, ctx.resolve));
  const doneRows = (finishedAt: Date) =>
    toRun.map((s) =>
      rowFor(ctx, s, { status: 'done', startedAt, finishedAt, note: batchNote(toRun.length) }),
    );
  let finishedAt: Date;
  try {
    // A newline before each `;` so a statement ending in a -- comment cannot swallow the separator.
    await client.query(`BEGIN;\n${statements.join('\n;\n')}`);
    await assertPostconditions(client, toRun);
    finishedAt = now();
    if (holdsJournal) {
      const { text, values } = ctx.journal.stepRowsQuery(doneRows(finishedAt));
      await client.query(text, values);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const { culprit, cause } = await findCulprit(client, toRun, statements, error);
    return fail(ctx, toRun, culprit, cause, startedAt);
  }
  if (!holdsJournal) await ctx.journal.recordSteps(doneRows(finishedAt));
  for (const s of toRun) {
    ctx.outcomes.push({ stepId: s.id, status: 'done' });
    ctx.report({
      kind: 'step-end',
      stepId: s.id,
      status: 'done',
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    });
  }
}

function batchNote(size: number): string | undefined {
  return size > 1 ? `in one transaction with ${size - 1} other step(s)` : undefined;
}

async function assertPostconditions(client: DbClient, steps: readonly SqlStep[]): Promise<void> {
  const checked = steps.filter((s) => s.postcondition);
  if (checked.length === 0) return;
  const held = await evaluatePostconditions(
    client,
    checked.map((s) => s.postcondition!),
  );
  const first = checked.findIndex((_, i) => !held[i]);
  if (first >= 0) throw new PostconditionNotMet(checked[first]!.id, checked[first]!.postcondition!.sql);
}

/**
 * Which step broke the batch. One round trip hides that, so the statements are replayed one by one
 * in a transaction that is rolled back (DDL is transactional: the replay leaves nothing behind).
 */
async function findCulprit(
  client: DbClient,
  steps: readonly SqlStep[],
  statements: readonly string[],
  error: unknown,
): Promise<{ culprit: SqlStep; cause: unknown }> {
  if (error instanceof PostconditionNotMet) {
    return { culprit: steps.find((s) => s.id === error.stepId)!, cause: error };
  }
  if (steps.length === 1 || isConnectionError(error)) return { culprit: steps[0]!, cause: error };
  try {
    await client.query('BEGIN');
    for (const [i, statement] of statements.entries()) {
      try {
        await client.query(statement);
      } catch (replayed) {
        return { culprit: steps[i]!, cause: replayed };
      }
    }
  } catch {
    // The replay is only a diagnosis; fall through to the batch's first step.
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
  return { culprit: steps[0]!, cause: error };
}

/** Journals the culprit failed and its rolled-back companions, then stops the run. */
async function fail(
  ctx: RunContext,
  steps: readonly SqlStep[],
  culprit: SqlStep,
  cause: unknown,
  startedAt: Date,
): Promise<never> {
  const stop = classifyStop(cause, (t) => ctx.journal.scrub(t));
  const finishedAt = new Date(ctx.options.clock.now());
  const rolledBack = `not applied: rolled back with the batch, which failed at ${culprit.id}`;
  await ctx.journal.recordSteps(
    steps.map((s) =>
      s === culprit
        ? rowFor(ctx, s, { status: stop.stepStatus, startedAt, finishedAt, error: stop.message })
        : rowFor(ctx, s, { status: 'failed', startedAt, finishedAt, note: rolledBack }),
    ),
  );
  ctx.report({
    kind: 'step-end',
    stepId: culprit.id,
    status: stop.stepStatus,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
  });
  throw new StepFailure(culprit.id, { ...stop, message: `step ${culprit.id} failed: ${stop.message}` });
}
