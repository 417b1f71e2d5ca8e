import { foldSteps, foldWithOrigins, latestVersion } from '../changesets/fold.js';
import type { Project } from '../config/load-project.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { type ResolvedEnvironment, resolveEnvironment } from '../config/resolve-environment.js';
import { ReplctlError } from '../errors.js';
import { type IntrospectionScope, introspect } from '../introspect/index.js';
import { scopeOf } from '../introspect/scope.js';
import type { LiveState } from '../model/live-state.js';
import { canonicalTableOrUndefined } from '../planner/table-names.js';
import { EnvironmentClients } from '../workflow/environment-clients.js';
import { waitForCatchUp } from './catch-up.js';
import { compareTable } from './compare-table.js';
import { SESSION_SETTINGS } from './table-sql.js';
import { verifiedTables } from './verified-table.js';
import type { TableVerdict, VerifyReport } from './verify-report.js';

export interface VerifyRequest {
  readonly project: Project;
  readonly environment?: string;
  /** Tables to compare (changeset spelling); default: every replicated table. */
  readonly tables?: readonly string[];
  readonly timeoutMs: number;
  readonly chunkRows?: number;
  readonly resolveContext: ResolveContext;
  readonly pollMs?: number;
}

/**
 * `replctl verify` (read-only): waits (bounded) for every subscription to confirm the source's
 * current WAL position, then compares each replicated table on both sides. A table that differs is
 * compared once more after another wait, so rows still in flight under a write load are not
 * reported as differences.
 */
export async function runVerify(request: VerifyRequest): Promise<VerifyReport> {
  const { project, resolveContext } = request;
  const changesets = project.changesets;
  const desired = foldWithOrigins(changesets, latestVersion(changesets)).state;
  // Every version's subscriptions: verify compares what is live, whichever version was applied.
  const scope = scopeOf(
    desired,
    [...foldSteps(changesets)].map((step) => step.state),
  );
  const environment = resolveEnvironment(project.config, request.environment, resolveContext);
  const live = await readLive(environment, desired.target?.database, scope);
  if (!live.target.databaseExists) {
    throw new ReplctlError(
      `the replicated database ${live.target.database} does not exist on the target: nothing to verify (run replctl apply first)`,
    );
  }
  const subscriptions = scope.subscriptions.filter((name) => live.target.subscriptions[name] !== undefined);
  const only =
    request.tables === undefined
      ? undefined
      : new Set(request.tables.map((t) => canonicalTableOrUndefined(t) ?? t));
  const specs = verifiedTables(live, subscriptions, only);
  if (only !== undefined) {
    const known = new Set(verifiedTables(live, subscriptions).map((s) => s.table));
    const unknown = [...only].filter((t) => !known.has(t));
    if (unknown.length > 0) {
      throw new ReplctlError(
        `expected --table to name a replicated table (${[...known].join(', ') || 'none'}), but got ${unknown.join(', ')}`,
      );
    }
  }
  const clients = new EnvironmentClients(environment, desired.target?.database);
  try {
    const [source, target] = await clients.connectBoth('source', 'target');
    try {
      for (const statement of SESSION_SETTINGS)
        await Promise.all([source.query(statement), target.query(statement)]);
      const sessions = { source, target };
      const wait = () =>
        waitForCatchUp(sessions, live.target.database, subscriptions, {
          timeoutMs: request.timeoutMs,
          ...(request.pollMs === undefined ? {} : { pollMs: request.pollMs }),
        });
      const compare = { chunkRows: request.chunkRows ?? 50_000 };
      const catchUp = await wait();
      const first: TableVerdict[] = [];
      for (const spec of specs) first.push(await compareTable(spec, sessions, compare));
      let tables = first;
      let final = catchUp;
      if (first.some((t) => !t.equal) && catchUp.caughtUp) {
        final = await wait();
        tables = [];
        for (const [i, verdict] of first.entries()) {
          tables.push(verdict.equal ? verdict : await compareTable(specs[i]!, sessions, compare));
        }
      }
      return {
        environment: environment.name,
        catchUp: final,
        tables,
        equal: final.caughtUp && tables.every((t) => t.equal),
      };
    } finally {
      await Promise.all([source.end(), target.end()]);
    }
  } finally {
    clients.close();
  }
}

/** The live catalogs of the scope (introspection, as plan reads them; no plan is made). */
async function readLive(
  environment: ResolvedEnvironment,
  targetDatabase: string | undefined,
  scope: IntrospectionScope,
): Promise<LiveState> {
  const clients = new EnvironmentClients(environment, targetDatabase);
  try {
    const [source, admin] = await clients.connectBoth('source', 'target-admin');
    try {
      const { live } = await introspect(
        { source, target: { admin, connect: async () => clients.connect('target') } },
        scope,
      );
      return live;
    } finally {
      await Promise.all([source.end(), admin.end()]);
    }
  } finally {
    clients.close();
  }
}
