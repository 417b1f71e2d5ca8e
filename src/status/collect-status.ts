import { listRuns, readAppliedChangesets } from '../apply/journal-queries.js';
import { foldSteps, foldWithOrigins, latestVersion } from '../changesets/fold.js';
import type { Project } from '../config/load-project.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { resolveEnvironment } from '../config/resolve-environment.js';
import { introspectRds } from '../introspect/rds.js';
import { scopeOf } from '../introspect/scope.js';
import { databaseOf } from '../workflow/database-url.js';
import { EnvironmentClients } from '../workflow/environment-clients.js';
import { attentionItems } from './attention.js';
import { readCatalogStatus } from './read-status.js';
import type { StatusReport } from './status-report.js';

export interface StatusRequest {
  readonly project: Project;
  readonly environment?: string;
  readonly resolveContext: ResolveContext;
  /** How many journal runs to show, newest first. */
  readonly runs?: number;
  readonly now?: () => Date;
}

/**
 * `replctl status`: reads both databases, the RDS API and the journal (read-only) for the
 * subscriptions every changeset version names, and says what needs attention.
 */
export async function collectStatus(request: StatusRequest): Promise<StatusReport> {
  const { project, resolveContext } = request;
  const changesets = project.changesets;
  const latest = latestVersion(changesets);
  const desired = foldWithOrigins(changesets, latest).state;
  const scope = scopeOf(
    desired,
    [...foldSteps(changesets)].map((s) => s.state),
  );
  const environment = resolveEnvironment(project.config, request.environment, resolveContext);
  const database =
    desired.target?.database ?? databaseOf(environment.target.connectionString, resolveContext.env);
  const clients = new EnvironmentClients(environment, desired.target?.database);
  try {
    const [source, admin] = await clients.connectBoth('source', 'target-admin');
    try {
      const rds = clients.rds();
      const journalOptions = { schema: environment.target.journalSchema };
      // The databases (the admin session serves one query at a time) while the RDS API answers.
      const [described, { catalog, runs, applied }] = await Promise.all([
        rds === undefined ? undefined : introspectRds(rds.client, { instance: rds.instance }),
        (async () => ({
          catalog: await readCatalogStatus(
            { source, admin, replicated: () => clients.connect('target') },
            { database, subscriptions: scope.subscriptions },
          ),
          runs: await listRuns(admin, {
            ...journalOptions,
            environment: environment.name,
            limit: request.runs ?? 5,
          }),
          applied: await readAppliedChangesets(admin, environment.name, journalOptions),
        }))(),
      ]);
      const report: Omit<StatusReport, 'attention'> = {
        environment: environment.name,
        checkedAt: (request.now?.() ?? new Date()).toISOString(),
        ...catalog,
        ...(described === undefined
          ? {}
          : {
              rds: {
                instance: described.live.instance.identifier,
                status: described.live.instance.status,
                parameterGroup: described.live.instance.parameterGroupName,
                parameterApplyStatus: described.live.instance.parameterApplyStatus,
              },
            }),
        journal: {
          liveVersion: applied.length > 0 ? Math.max(...applied.map((a) => a.version)) : null,
          latestVersion: latest,
          runs,
        },
      };
      return { ...report, attention: attentionItems(report) };
    } finally {
      await Promise.all([source.end(), admin.end()]);
    }
  } finally {
    clients.close();
  }
}
