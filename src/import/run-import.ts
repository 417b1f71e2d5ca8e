import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Changeset } from '../changesets/changeset.js';
import { fold, foldSteps, latestVersion } from '../changesets/fold.js';
import type { JsonObject } from '../changesets/json.js';
import { validateChangesetSources } from '../changesets/validate.js';
import { resolveSecret } from '../config/resolve.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { type ResolvedEnvironment, resolveEnvironment } from '../config/resolve-environment.js';
import { formatDiagnostic, ReplctlError } from '../errors.js';
import { type Discovery, discoverRds, discoverSource, discoverTarget } from '../introspect/discover.js';
import { introspect } from '../introspect/index.js';
import type { Queryable } from '../introspect/queryable.js';
import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { describeSecretRef } from '../model/secret-ref.js';
import { EnvironmentClients } from '../workflow/environment-clients.js';
import { subscriptionConnectionOf } from '../workflow/plan-context.js';
import { driftPatch } from './adopt-drift.js';
import { adoptionFindings, type Recording } from './adoption-findings.js';
import { driftHeader, type ImportOrigin, importHeader, sectionComments } from './changeset-comments.js';
import { type ChangesetFile, changesetFile, schemaPathFor } from './changeset-file.js';
import { withoutDefaults } from './defaults.js';
import { endpointLabel } from './endpoint-label.js';
import type { ImportFinding } from './finding.js';
import { loadImportProject } from './import-project.js';
import { importScope } from './import-scope.js';
import { importedState } from './imported-state.js';
import { checkSourceLogin } from './login-check.js';
import { managedNames } from './managed-names.js';
import { checkPlanSteps, planAfterImport } from './plan-check.js';
import { plannedSecrets } from './planned-secrets.js';
import { recordFingerprints } from './record-fingerprints.js';
import { renderChangeset } from './render-changeset.js';
import { adoptSecrets, type SecretAdoption } from './secret-adoption.js';
import { discoveryRequest, type ImportRequest, type ImportSelection, selectObjects } from './selection.js';

export interface ImportOptions {
  readonly projectDir: string;
  readonly environment?: string;
  readonly publications: readonly string[];
  readonly subscriptions: readonly string[];
  readonly out?: string;
  /** Write the drift since the latest changeset as the next one. */
  readonly asPatch: boolean;
  /** Record the fingerprints of the secrets the source accepted (default true). */
  readonly recordFingerprints: boolean;
  readonly resolveContext: ResolveContext;
  readonly now?: Date;
  /** Receives the findings once they are all known, before a refusal too. */
  readonly report: (findings: readonly ImportFinding[]) => void;
}

export type ImportOutcome =
  | {
      readonly kind: 'written';
      readonly file: string;
      readonly version: number;
      /** Steps `plan` will still show (each reported as a finding). */
      readonly steps: number;
    }
  | { readonly kind: 'no-drift'; readonly version: number; readonly steps: number };

/**
 * `replctl import`: discover what is live, read it as plan does, and write the changeset that
 * describes it (the first one), or the drift since the latest one as a patch (`asPatch`). Before
 * writing, the new changesets are validated and planned against the same live state; a plan that
 * would destroy anything is refused. The only change import makes live is recording the
 * fingerprints of secrets the source accepted (see `adoptSecrets`), as COMMENTs.
 */
export async function runImport(options: ImportOptions): Promise<ImportOutcome> {
  const { project, changesetsDir, sources } = await loadImportProject(options.projectDir);
  const existing = project.changesets;
  const latest = latestVersion(existing);
  if (latest > 0 && !options.asPatch) {
    throw new ReplctlError(
      `expected a project without changesets, but ${existing[0]!.file.replace(/[^/\\]*$/, '')} holds changesets 1 to ${latest}: import writes a project's first changeset. To adopt what changed live since, run replctl import --as-patch (it writes changeset ${latest + 1})`,
    );
  }
  if (latest === 0 && options.asPatch) {
    throw new ReplctlError(
      'expected changesets to patch with --as-patch, but the project has none: run replctl import without --as-patch to write the first',
    );
  }
  const version = latest + 1;
  const file = changesetFile(options.out, changesetsDir, version);
  if (existsSync(file.path)) throw alreadyThere(file);
  const environment = resolveEnvironment(project.config, options.environment, options.resolveContext);
  const earlier = [...foldSteps(existing)].map((step) => step.state);
  const folded = earlier.at(-1);
  const request: ImportRequest = {
    publications: options.publications,
    subscriptions: options.subscriptions,
    ...(folded ? { managed: managedNames(folded) } : {}),
    ...(environment.subscriptionConnection
      ? { connectionUser: environment.subscriptionConnection.user }
      : {}),
  };

  const clients = new EnvironmentClients(environment, undefined);
  try {
    const [source, admin] = await clients.connectBoth('source', 'target-admin');
    try {
      const rds = clients.rds();
      const [target, rdsFound] = await Promise.all([
        discoverTarget(admin),
        rds === undefined ? undefined : discoverRds(rds.client, rds.instance),
      ]);
      const discovery: Discovery = {
        source: await discoverSource(source, discoveryRequest(target, request)),
        target,
        ...(rdsFound === undefined ? {} : { rds: rdsFound }),
      };
      const selection = selectObjects(discovery, request);
      const databaseClients = new EnvironmentClients(environment, selection.targetDatabase);
      const targetSession = async (): Promise<Queryable & { end(): Promise<void> }> =>
        selection.targetDatabase === undefined || selection.targetDatabase === discovery.target.database
          ? { query: (text, params) => admin.query(text, params as unknown[]), end: async () => undefined }
          : databaseClients.connect('target');
      const { live } = await introspect(
        {
          source,
          target: { admin, connect: () => databaseClients.connect('target') },
          ...(rds ? { rds } : {}),
        },
        importScope(selection, discovery, earlier),
      );
      const imported = importedState({
        live,
        discovery,
        selection,
        ...(environment.subscriptionConnection ? { connection: environment.subscriptionConnection } : {}),
      });
      const origin: ImportOrigin = {
        environment: environment.name,
        at: options.now ?? new Date(),
        sourceEndpoint: endpointLabel(environment.source.connectionString, options.resolveContext.env),
        targetEndpoint: endpointLabel(environment.target.connectionString, options.resolveContext.env),
        live,
        ...(environment.target.rds ? { rds: environment.target.rds } : {}),
      };
      const document =
        folded === undefined
          ? firstDocument(imported.state, live, selection, environment.name)
          : patchDocument(folded, imported.state, live, version, environment.name);
      const text =
        document === undefined
          ? undefined
          : renderChangeset({
              document,
              schemaPath: schemaPathFor(file.path, project.dir),
              header: folded === undefined ? importHeader(origin) : driftHeader(origin, latest),
              comments: folded === undefined ? sectionComments(document, origin) : [],
            });
      const found: ImportFinding[] = [...selection.findings, ...imported.findings];
      let changesets: readonly Changeset[];
      try {
        changesets = text === undefined ? existing : validated(sources, file, text);
      } catch (error) {
        options.report(found);
        throw error;
      }
      const desired = fold(changesets);
      const adoptions = await adoptSecrets({
        desired,
        live,
        roles: discovery.source.roles,
        slots: discovery.source.slots,
        connection: subscriptionConnectionOf(environment),
        resolve: (ref) => resolveSecret(ref, { path: describeSecretRef(ref) }, options.resolveContext),
        checkLogin: (user, password) => checkSourceLogin(environment.source.connectionString, user, password),
      });
      const secretNotes = (recording: Recording) => adoptionFindings(adoptions, recording);
      // The findings are reported before a refusal too; secrets are said to be recorded only once they are.
      let planNotes: ImportFinding[] = [];
      try {
        planNotes = checkPlan(
          { desired, live, changesets, existing, environment, adoptions, options, folded },
          file,
        );
        if (options.recordFingerprints) {
          const session = await targetSession();
          try {
            await recordFingerprints(adoptions, { source, target: session });
          } finally {
            await session.end();
          }
        }
      } catch (error) {
        options.report([...found, ...secretNotes('stopped'), ...planNotes]);
        throw error;
      }
      options.report([...found, ...secretNotes(options.recordFingerprints ? 'done' : 'off'), ...planNotes]);
      const steps = planNotes.filter((f) => f.object === 'plan').length;
      if (text === undefined) return { kind: 'no-drift', version: latest, steps };
      await writeFile(file.path, text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST'
          ? alreadyThere(file)
          : new ReplctlError(`could not write ${file.shown}: ${error.message}`);
      });
      return { kind: 'written', file: file.shown, version, steps };
    } finally {
      await Promise.all([source.end(), admin.end()]);
    }
  } finally {
    clients.close();
  }
}

function alreadyThere(file: ChangesetFile): ReplctlError {
  return new ReplctlError(
    `expected ${file.shown} not to exist (import never overwrites a file), but it does`,
  );
}

/** The first changeset: the imported state without the defaults it would restate. */
function firstDocument(
  state: DesiredState,
  live: LiveState,
  selection: ImportSelection,
  environment: string,
): JsonObject {
  const described = [
    ...selection.publications.map((p) => `publication ${p}`),
    ...selection.subscriptions.map((s) => `subscription ${s}`),
    ...(selection.parameterGroup ? [`parameter group ${selection.parameterGroup}`] : []),
  ];
  return {
    version: 1,
    description: `Imported from environment ${environment}${described.length > 0 ? `: ${described.join(', ')}` : ''}`,
    ...(withoutDefaults(state, live.target.serverVersionNum) as unknown as JsonObject),
  };
}

/** The drift as a patch of the latest state, or undefined when there is none. */
function patchDocument(
  folded: DesiredState,
  imported: DesiredState,
  live: LiveState,
  version: number,
  environment: string,
): JsonObject | undefined {
  const patch = driftPatch({ folded, imported, live });
  if (Object.keys(patch).length === 0) return undefined;
  return { version, description: `Adopt the drift found live in environment ${environment}`, ...patch };
}

/** The project's changesets with the new one, validated together as `replctl validate` would. */
function validated(
  sources: readonly { file: string; name: string; text: string }[],
  file: ChangesetFile,
  text: string,
): readonly Changeset[] {
  const { changesets, diagnostics } = validateChangesetSources([
    ...sources,
    { file: file.shown, name: file.name, text },
  ]);
  if (diagnostics.length > 0) {
    throw new ReplctlError(
      `the changeset import made does not validate, so it was not written:\n${diagnostics.map(formatDiagnostic).join('\n')}`,
    );
  }
  return changesets;
}

interface PlanCheck {
  readonly desired: DesiredState;
  readonly live: LiveState;
  readonly changesets: readonly Changeset[];
  readonly existing: readonly Changeset[];
  readonly environment: ResolvedEnvironment;
  readonly adoptions: readonly SecretAdoption[];
  readonly options: ImportOptions;
  readonly folded: DesiredState | undefined;
}

/**
 * Plans the new changesets against the live state. A patch may not add destructive steps; those
 * the project's changesets already plan (work not applied yet) are reported, not refused.
 */
function checkPlan(check: PlanCheck, file: ChangesetFile): ImportFinding[] {
  const now = check.options.now ?? new Date();
  const secrets = plannedSecrets(check.desired, check.adoptions, check.options.recordFingerprints);
  const after = planAfterImport({ ...check, secrets, now });
  const before =
    check.folded === undefined
      ? []
      : planAfterImport({
          ...check,
          desired: check.folded,
          changesets: check.existing,
          secrets: plannedSecrets(check.folded, check.adoptions, check.options.recordFingerprints),
          now,
        }).steps;
  const pending = new Set(before.filter((s) => s.destructive).map((s) => s.id));
  return [
    ...checkPlanSteps({ ...after, steps: after.steps.filter((s) => !pending.has(s.id)) }, file.shown),
    ...after.steps
      .filter((s) => pending.has(s.id))
      .map((s) => ({
        kind: 'note' as const,
        object: 'plan',
        message: `will still show ${s.summary}, which changeset ${latestVersion(check.existing)} asks for (not applied yet)`,
      })),
  ];
}
