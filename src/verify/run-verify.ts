import type { Project } from '../config/load-project.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { ReplctlError } from '../errors.js';
import { canonicalTableOrUndefined } from '../planner/table-names.js';
import { EnvironmentClients } from '../workflow/environment-clients.js';
import { preparePlan } from '../workflow/prepare-plan.js';
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
  const prepared = await preparePlan({
    project: request.project,
    ...(request.environment ? { environment: request.environment } : {}),
    resolveContext: request.resolveContext,
  });
  const { live, desired, environment } = prepared;
  const subscriptions = Object.keys(desired.target?.subscriptions ?? {}).sort();
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
    const [source, target] = await Promise.all([clients.connect('source'), clients.connect('target')]);
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
