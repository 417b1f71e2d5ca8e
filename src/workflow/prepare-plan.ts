import { readAppliedChangesets, readInterruptedSteps } from '../apply/journal-queries.js';
import type { AppliedChangeset } from '../apply/journal-records.js';
import type { Changeset } from '../changesets/changeset.js';
import { foldSteps, foldWithOrigins, latestVersion } from '../changesets/fold.js';
import type { Project } from '../config/load-project.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { type ResolvedEnvironment, resolveEnvironment } from '../config/resolve-environment.js';
import {
  endHelpers,
  type IntrospectionStats,
  introspect,
  quietly,
  TABLE_READERS,
} from '../introspect/index.js';
import { scopeOf } from '../introspect/scope.js';
import type { Finding } from '../lint/finding.js';
import { lint } from '../lint/lint.js';
import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import type { PlanContext } from '../planner/context.js';
import { plan as buildPlan, prepareDesired } from '../planner/index.js';
import { managedScope } from '../planner/managed-scope.js';
import type { Plan } from '../planner/plan.js';
import { toolVersion } from '../version.js';
import { databaseOf } from './database-url.js';
import { EnvironmentClients } from './environment-clients.js';
import { lintContextOf } from './lint-context.js';
import { environmentPlanContext, subscriptionConnectionOf } from './plan-context.js';
import { resolveDesiredSecrets, secretStatuses, startFreshFingerprints } from './secret-statuses.js';

export interface PlanRequest {
  readonly project: Project;
  /** Environment name; default as `selectEnvironment` chooses. */
  readonly environment?: string;
  /** Changeset version to plan to; default the latest. */
  readonly toVersion?: number;
  /**
   * Changesets to fold instead of the project's: those at a git ref (`plan --ref`, `rollback --to
   * REF`). The project's still widen the managed scope, so what they added since is removed.
   */
  readonly changesets?: readonly Changeset[];
  readonly resolveContext: ResolveContext;
  readonly now?: Date;
}

export interface PreparedPlan {
  readonly plan: Plan;
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly stats: IntrospectionStats;
  readonly environment: ResolvedEnvironment;
  /** The project's latest changeset version (what `apply` would bring the environment to). */
  readonly latestVersion: number;
  /** The highest version the journal records as applied to this environment; undefined: never applied. */
  readonly appliedVersion: number | undefined;
  /** Lint findings of the desired state against the live one (errors block apply unless waived). */
  readonly findings: readonly Finding[];
}

/**
 * Resolves every reference a plan for `request` uses — the environment's and the changesets'
 * secrets — opening nothing, so a command that must connect first (apply takes its lock) can
 * refuse bad input before it reaches a database.
 */
export function assertPlanReferencesResolve(request: PlanRequest): void {
  const changesets = request.changesets ?? request.project.changesets;
  const folded = foldWithOrigins(changesets, request.toVersion ?? latestVersion(changesets));
  const environment = resolveEnvironment(request.project.config, request.environment, request.resolveContext);
  resolveDesiredSecrets(folded, subscriptionConnectionOf(environment), environment, request.resolveContext);
}

/**
 * The read-only half of the pipeline (design §4): fold the changesets to K, introspect the
 * environment, and plan. Changes nothing anywhere.
 */
export async function preparePlan(request: PlanRequest): Promise<PreparedPlan> {
  const { project, resolveContext } = request;
  const changesets = request.changesets ?? project.changesets;
  const latest = latestVersion(project.changesets);
  const folded = foldWithOrigins(changesets, request.toVersion ?? latestVersion(changesets));
  const desired = folded.state;
  const histories = request.changesets ? [changesets, project.changesets] : [changesets];
  const environment = resolveEnvironment(project.config, request.environment, resolveContext);
  const connection = subscriptionConnectionOf(environment);
  // Every reference is resolved before the first connection: a bad one must not reach a database.
  const secrets = resolveDesiredSecrets(folded, connection, environment, resolveContext);
  const fresh = startFreshFingerprints(secrets);
  const targetDatabase = desired.target?.database;
  const clients = new EnvironmentClients(environment, targetDatabase);
  try {
    // Connecting waits on round trips: the scope is worked out meanwhile.
    const sessions = clients.connectBoth('source', 'target-admin');
    // Sessions that read shares of the source's table catalog: a plan works without them.
    const sourceHelpers = Array.from({ length: TABLE_READERS - 1 }, () =>
      quietly(clients.connect('source', { retryMs: 0 })),
    );
    // What replctl manages, the desired state's indexes and the changesets' checksums are worked
    // out while the servers read the table catalog (they need nothing live).
    const documents = histories.flatMap((history) => history.map((c) => c.document));
    let managed: ReturnType<typeof managedScope> | undefined;
    const whileTablesRead = () => {
      try {
        managed = managedScope(documents);
        prepareDesired(desired);
        for (const changeset of changesets) void changeset.checksum;
      } catch {
        // Done again below, where an error surfaces as it would have without the overlap.
      }
    };
    let result: Awaited<ReturnType<typeof introspect>>;
    let applied: readonly AppliedChangeset[];
    let interruptedSteps: ReadonlySet<string>;
    try {
      let scope: ReturnType<typeof scopeOf>;
      try {
        // Every earlier state widens what is read, so members a later version removed are seen and removed.
        const earlier = histories.flatMap((history) => [...foldSteps(history)].map((step) => step.state));
        scope = scopeOf(desired, earlier);
      } catch (error) {
        void sessions.then(
          (opened) => Promise.all(opened.map((c) => c.end())),
          () => undefined,
        );
        throw error;
      }
      const [source, admin] = await sessions;
      try {
        const rds = clients.rds();
        result = await introspect(
          {
            source,
            sourceHelpers,
            target: {
              admin,
              connect: async () => clients.connect('target'),
              helpers: TABLE_READERS - 1,
            },
            ...(rds ? { rds } : {}),
          },
          scope,
          { whileTablesRead },
        );
        const journalRead = { schema: environment.target.journalSchema };
        [applied, interruptedSteps] = await Promise.all([
          readAppliedChangesets(admin, environment.name, journalRead),
          readInterruptedSteps(admin, environment.name, journalRead),
        ]);
      } finally {
        await Promise.all([source.end(), admin.end()]);
      }
    } finally {
      await endHelpers(sourceHelpers);
    }
    managed ??= managedScope(documents);
    // Recorded fingerprints are checked on the threadpool while lint runs here.
    const statuses = secretStatuses(secrets, result.live, fresh);
    const findings = lint(desired, result.live, lintContextOf(environment, managed));
    const context: PlanContext = {
      ...environmentPlanContext(environment),
      targetVersion: folded.version,
      changesetChecksums: Object.fromEntries(
        changesets.filter((c) => c.version <= folded.version).map((c) => [String(c.version), c.checksum]),
      ),
      toolVersion: toolVersion(),
      createdAt: (request.now ?? new Date()).toISOString(),
      sourceDatabase: databaseOf(environment.source.connectionString, resolveContext.env),
      interruptedSteps,
      secrets: await statuses,
    };
    return {
      plan: buildPlan(desired, result.live, context, managed),
      desired,
      live: result.live,
      stats: result.stats,
      environment,
      latestVersion: latest,
      appliedVersion: applied.length > 0 ? Math.max(...applied.map((a) => a.version)) : undefined,
      findings,
    };
  } finally {
    clients.close();
  }
}
