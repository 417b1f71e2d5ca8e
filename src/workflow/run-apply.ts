import { readFile } from 'node:fs/promises';
import { type ApplyOptions, resolveApplyOptions } from '../apply/apply-options.js';
import { type ApplyResult, applyPlan } from '../apply/apply-plan.js';
import { type ApplySession, openApplySession } from '../apply/apply-session.js';
import { assertPlanFresh } from '../apply/plan-freshness.js';
import { preflight } from '../apply/preflight.js';
import type { ProgressReporter } from '../apply/progress.js';
import { collectRunMetadata, type RunMetadata } from '../apply/run-metadata.js';
import type { Changeset } from '../changesets/changeset.js';
import type { Project } from '../config/load-project.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { resolveEnvironment } from '../config/resolve-environment.js';
import { ReplctlError } from '../errors.js';
import type { Plan } from '../planner/plan.js';
import { parsePlanJson } from '../render/parse-plan-json.js';
import { applyEndpoints } from './apply-endpoints.js';
import { EnvironmentClients } from './environment-clients.js';
import { assertNoBlockingFindings } from './lint-gate.js';
import {
  assertPlanReferencesResolve,
  type PlanRequest,
  type PreparedPlan,
  preparePlan,
} from './prepare-plan.js';

export interface ApplyRequest {
  readonly project: Project;
  readonly environment?: string;
  /** A plan saved with `plan --out`; else a fresh plan to `toVersion` (default latest). */
  readonly planFile?: string;
  readonly toVersion?: number;
  /** Changesets to fold instead of the project's (a git ref's); see PlanRequest.changesets. */
  readonly changesets?: readonly Changeset[];
  /** `rollback` makes the journal forget the changesets above the target version. */
  readonly kind?: 'apply' | 'rollback';
  readonly allowDestructive: boolean;
  readonly allowChangedChangesets: boolean;
  readonly lockTimeoutMs: number;
  readonly resolveContext: ResolveContext;
  readonly progress: ProgressReporter;
  /** Shown the plan before anything changes; throws to refuse. Not called for a saved plan. */
  readonly approve: (prepared: PreparedPlan) => Promise<void>;
  /** Extra engine options (timeouts, poll interval) for tests and tuning. */
  readonly engine?: Partial<Omit<ApplyOptions, 'metadata' | 'progress'>>;
}

export interface ApplyOutcome {
  readonly prepared: PreparedPlan;
  readonly plan: Plan;
  /** Undefined when there was nothing to do. */
  readonly result: ApplyResult | undefined;
}

/**
 * apply (design §5): plan from live state (or take a saved plan and prove it still fresh), have it
 * approved, and run it. A re-run after any interruption re-plans from the catalog, so finished work
 * drops out and the engine resumes.
 */
export async function runApply(request: ApplyRequest): Promise<ApplyOutcome> {
  const saved = request.planFile ? await readSavedPlan(request.planFile) : undefined;
  if (saved && request.environment && saved.environment !== request.environment) {
    throw new ReplctlError(
      `expected a plan for environment "${request.environment}", but ${request.planFile} was made for "${saved.environment}"`,
    );
  }
  // Bad references stop the run here, before the lock's connection (design §9).
  assertPlanReferencesResolve(planRequestOf(request, saved));
  // One run at a time from the plan on (design §5): the lock is taken before the live state is
  // read, so no other run changes the environment between this plan and its apply.
  const environment = resolveEnvironment(
    request.project.config,
    saved?.environment ?? request.environment,
    request.resolveContext,
  );
  const metadata = await collectRunMetadata(process.env, request.project.dir);
  const settings = resolveApplyOptions({ ...request.engine, metadata });
  // The journal connection has its own retries (through the lock wait and restarts): none here.
  const journalClients = new EnvironmentClients(environment, undefined, { connectRetryMs: 0 });
  const session = await openApplySession(() => journalClients.connect('journal'), {
    environment: environment.name,
    journalSchema: environment.target.journalSchema,
    lockTimeoutMs: request.lockTimeoutMs,
    journalReconnectTimeoutMs: settings.journalReconnectTimeoutMs,
    metadata,
    clock: settings.clock,
    report: (event) => request.progress.report(event),
  });
  try {
    return await planAndApply(request, saved, metadata, session);
  } finally {
    await session.close();
    journalClients.close();
  }
}

/** What to plan: the saved plan's environment and version, else the request's. */
function planRequestOf(request: ApplyRequest, saved: Plan | undefined): PlanRequest {
  return {
    project: request.project,
    ...(saved
      ? { environment: saved.environment }
      : request.environment
        ? { environment: request.environment }
        : {}),
    ...(saved
      ? { toVersion: saved.targetVersion }
      : request.toVersion
        ? { toVersion: request.toVersion }
        : {}),
    ...(request.changesets && !saved ? { changesets: request.changesets } : {}),
    resolveContext: request.resolveContext,
  };
}

async function planAndApply(
  request: ApplyRequest,
  saved: Plan | undefined,
  metadata: RunMetadata,
  session: ApplySession,
): Promise<ApplyOutcome> {
  const prepared = await preparePlan(planRequestOf(request, saved));
  const checksums = Object.fromEntries(
    request.project.changesets.map((c) => [String(c.version), c.checksum]),
  );
  if (saved) assertPlanFresh(saved, prepared.plan.liveFingerprint, checksums);
  const plan = saved ?? prepared.plan;
  if (plan.steps.length === 0 && !journalOnly(request, prepared))
    return { prepared, plan, result: undefined };

  // The lint gate (before any change): the live state and changesets are those of this moment.
  if (plan.steps.length > 0) assertNoBlockingFindings(prepared.findings);
  const clients = new EnvironmentClients(prepared.environment, prepared.desired.target?.database, {
    notice: (message) => request.progress.report({ kind: 'notice', message }),
  });
  try {
    preflight(plan, { allowDestructive: request.allowDestructive, hasRds: clients.rds() !== undefined });
    if (!saved) await request.approve(prepared);
    const result = await applyPlan(
      plan,
      applyEndpoints(clients, prepared.environment, request.resolveContext),
      {
        ...request.engine,
        kind: request.kind ?? 'apply',
        allowDestructive: request.allowDestructive,
        allowChangedChangesets: request.allowChangedChangesets,
        journalSchema: prepared.environment.target.journalSchema,
        lockTimeoutMs: request.lockTimeoutMs,
        metadata,
        progress: request.progress,
      },
      session,
    );
    return { prepared, plan, result };
  } finally {
    clients.close();
  }
}

/**
 * An empty plan still runs, with no steps, when the journal is behind the live state, so the journal
 * records the version and marks any crashed run: a rollback whose later changesets changed nothing
 * this environment has (the journal forgets the versions above the target), and an apply whose
 * earlier run did every step but was killed before it recorded the versions.
 */
function journalOnly(request: ApplyRequest, prepared: PreparedPlan): boolean {
  const applied = prepared.appliedVersion;
  const target = prepared.plan.targetVersion;
  return request.kind === 'rollback'
    ? applied !== undefined && applied > target
    : applied === undefined || applied < target;
}

async function readSavedPlan(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ReplctlError(`could not read the saved plan ${file}: ${(error as Error).message}`);
  }
  return parsePlanJson(text, file);
}
