import { ReplctlError } from '../errors.js';
import type { Plan, Step } from '../planner/plan.js';
import { toolVersion } from '../version.js';
import { type ApplyOptions, resolveApplyOptions } from './apply-options.js';
import { type ApplySession, openApplySession } from './apply-session.js';
import { applyUnits } from './apply-units.js';
import {
  type ChangesetMismatch,
  changesetIntegrityError,
  checkChangesetIntegrity,
} from './changeset-integrity.js';
import { EndpointConnections } from './endpoint-connections.js';
import type { ApplyEndpoints } from './endpoints.js';
import { ApplyError, messageOf } from './failure.js';
import { Journal } from './journal.js';
import { planHash } from './plan-hash.js';
import { resolvePlanSecrets } from './plan-secrets.js';
import { preflight } from './preflight.js';
import type { ProgressEvent } from './progress.js';
import { Redactor } from './redactor.js';
import type { RunContext, StepOutcome } from './run-context.js';
import { runUnits } from './run-units.js';
import { classifyStop, StepFailure } from './step-failure.js';

export interface ApplyResult {
  readonly runId: string;
  readonly outcome: 'succeeded';
  /** Every step of the plan, in order: done, or skipped because an earlier run finished it. */
  readonly steps: readonly StepOutcome[];
  /** Earlier runs of the environment found still `running` (their process died), now `crashed`. */
  readonly crashedRuns: readonly string[];
  /** Applied changesets whose files changed, accepted through `allowChangedChangesets`. */
  readonly acceptedChangesetChanges: readonly ChangesetMismatch[];
  readonly durationMs: number;
}

/**
 * Executes a plan (design §5): one run per environment at a time under an advisory lock, every step
 * journaled, resumable after any crash by re-planning and re-running. Independent SQL work runs on
 * up to `parallel` connections per database at once; AWS calls, restarts, waits, manual and
 * destructive steps run alone, in plan order.
 *
 * Throws ReplctlError: exit 1 when the plan is refused before any change (destructive steps without
 * `allowDestructive`, an edited applied changeset, a step the engine cannot run) or a step fails;
 * exit 4 when another run holds the lock past `lockTimeoutMs`; exit 5 when the run stopped
 * resumably (a manual step, a wait timeout, an endpoint unavailable). The message says how to resume.
 *
 * @example
 * const result = await applyPlan(plan, endpoints, { metadata: await collectRunMetadata(), lockTimeoutMs: 60_000 });
 */
export async function applyPlan(
  plan: Plan,
  endpoints: ApplyEndpoints,
  options: ApplyOptions,
  /** The caller's hold on the environment, taken before it planned; without one, apply takes it. */
  lockedSession?: ApplySession,
): Promise<ApplyResult> {
  const settings = resolveApplyOptions(options);
  const { clock, journalSchema: schema } = settings;
  const environment = plan.environment;
  const started = clock.now();
  preflight(plan, { allowDestructive: settings.allowDestructive, hasRds: endpoints.rds !== undefined });

  const redactor = new Redactor();
  const resolve = await resolvePlanSecrets(plan, endpoints.resolveSecret, redactor).catch(
    (error: unknown) => {
      throw new ReplctlError(
        `Could not resolve a secret the plan needs; nothing was changed: ${messageOf(error)}`,
      );
    },
  );
  const report = (event: ProgressEvent) => settings.progress.report(scrubEvent(event, redactor));
  // The caller's session when it took the lock before planning; else this run takes it now.
  const session =
    lockedSession ??
    (await openApplySession(() => endpoints.connect('journal'), {
      environment,
      journalSchema: schema,
      lockTimeoutMs: settings.lockTimeoutMs,
      journalReconnectTimeoutMs: settings.journalReconnectTimeoutMs,
      metadata: settings.metadata,
      clock,
      report,
    }));
  const { runId, journal: journalDb } = session;
  const journal = new Journal(journalDb, schema, runId, redactor);
  const connections = new EndpointConnections(
    (endpoint) => endpoints.connect(endpoint),
    { lockTimeoutMs: settings.stepLockTimeoutMs, statementTimeoutMs: settings.statementTimeoutMs },
    { schema, runId },
  );
  try {
    await session.ensureJournal();
    const crashedRuns = await journal.markCrashedRuns(environment);
    const inFlight = await journal.previousRunInFlight(environment);
    await journal.startRun({
      kind: settings.kind,
      environment,
      metadata: settings.metadata,
      toolVersion: settings.toolVersion ?? toolVersion(),
      targetVersion: plan.targetVersion,
      planHash: planHash(plan),
      // When it got the lock, not when it began waiting for it.
      startedAt: new Date(clock.now()),
    });
    const mismatches = await checkChangesetIntegrity(journalDb, environment, plan.changesetChecksums, {
      schema,
    });
    if (mismatches.length > 0 && !settings.allowChangedChangesets)
      throw changesetIntegrityError(environment, mismatches);

    report({ kind: 'run-start', runId, steps: plan.steps.length, crashedRuns });
    const positions = new Map<Step, number>(plan.steps.map((step, index) => [step, index]));
    const ctx: RunContext = {
      options: settings,
      endpoints,
      journal,
      connections,
      resolve,
      report,
      inFlight,
      positionOf: (step) => positions.get(step) ?? -1,
      total: plan.steps.length,
      outcomes: [],
    };
    // N connections per endpoint share today's statement budget: N transactions hold no more locks.
    const { parallel, maxStatementsPerTransaction } = settings;
    const units = applyUnits(plan.steps, Math.max(1, Math.floor(maxStatementsPerTransaction / parallel)), {
      splitDependents: parallel > 1,
    });
    await runUnits(ctx, units, {
      connectionsPerEndpoint: parallel,
      statementsPerEndpoint: maxStatementsPerTransaction,
    });
    const order = new Map(plan.steps.map((step, index) => [step.id, index]));
    ctx.outcomes.sort((a, b) => order.get(a.stepId)! - order.get(b.stepId)!);

    const finished = new Date(clock.now());
    await journal.recordChangesets(
      settings.kind,
      environment,
      plan.targetVersion,
      plan.changesetChecksums,
      finished,
    );
    await journal.finishRun('succeeded', finished);
    report({ kind: 'run-end', runId, outcome: 'succeeded', durationMs: finished.getTime() - started });
    return {
      runId,
      outcome: 'succeeded',
      steps: ctx.outcomes,
      crashedRuns,
      acceptedChangesetChanges: mismatches,
      durationMs: finished.getTime() - started,
    };
  } catch (error) {
    const stop = error instanceof StepFailure ? error.stop : classifyStop(error, (t) => journal.scrub(t));
    const finished = new Date(clock.now());
    await journal.finishRun(stop.outcome, finished, stop.message).catch(() => undefined);
    report({ kind: 'run-end', runId, outcome: stop.outcome, durationMs: finished.getTime() - started });
    throw new ApplyError(
      `${stop.message}\n${resumeAdvice(stop.outcome, runId)}`,
      stop.exitCode,
      runId,
      error instanceof StepFailure ? error.stepId : undefined,
    );
  } finally {
    await connections.closeAll();
    if (!lockedSession) await session.close();
  }
}

function resumeAdvice(outcome: 'failed' | 'stopped', runId: string): string {
  return outcome === 'stopped'
    ? `Run ${runId} stopped; re-run \`replctl apply\` to resume (finished steps are not repeated).`
    : `Run ${runId} failed; fix the cause, then re-run \`replctl apply\` to resume (finished steps are not repeated).`;
}

function scrubEvent(event: ProgressEvent, redactor: Redactor): ProgressEvent {
  switch (event.kind) {
    case 'lock-wait':
      return { ...event, holder: redactor.scrub(event.holder) };
    case 'step-start':
      return { ...event, summary: redactor.scrub(event.summary) };
    case 'step-end':
      return event.note === undefined ? event : { ...event, note: redactor.scrub(event.note) };
    case 'waiting':
      return { ...event, status: redactor.scrub(event.status) };
    case 'notice':
      return { ...event, message: redactor.scrub(event.message) };
    default:
      return event;
  }
}
