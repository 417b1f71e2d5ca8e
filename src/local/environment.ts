import { chmod, mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteIdent } from '../sql/quote.js';
import {
  type EnvironmentLayout,
  type EnvironmentMajors,
  type EnvironmentState,
  environmentLayout,
  readEnvironmentState,
  writeEnvironmentState,
} from './environment-state.js';
import { LocalEnvironmentError } from './local-error.js';
import { findBinaries, type PostgresMajor } from './postgres/binaries.js';
import { generatePassword, LocalCluster } from './postgres/local-cluster.js';
import { isRdsDaemon, startRdsDaemon, stopRdsDaemon } from './rds-daemon-process.js';
import { masterIsSuperuser, RDS_ADMIN_USER, RDS_MASTER_USER, rdsRoleStatements } from './rds-roles.js';
import { SAMPLE_DATABASE, SAMPLE_SCHEMA_SQL } from './sample-schema.js';
import { withClient } from './with-client.js';

/** The local environment of a project lives here (git-ignored). */
export function localRoot(projectDir: string): string {
  return join(projectDir, '.replctl', 'local');
}

/** The source's administrator: the bootstrap superuser, as on a fresh self-managed server. */
export const SOURCE_SUPERUSER = 'postgres';
/** The role a plan creates on the source for the subscription (the runbook's `replicator`). */
export const REPLICATOR_ROLE = 'replicator';
/** The DB instance identifier of the target on the local RDS API, as replctl.yaml's `local` names it. */
export const RDS_INSTANCE_IDENTIFIER = 'reporting-replica';
export const RDS_REGION = 'us-east-1';

/**
 * The source's pg_hba.conf: its administrator, and the line runbook step 1.2 adds for the
 * subscription. Logical replication connections match database lines, not `replication` ones.
 */
const SOURCE_HBA = `# TYPE  DATABASE  USER  ADDRESS  METHOD   (written by replctl local)
host    all       ${SOURCE_SUPERUSER}    127.0.0.1/32   scram-sha-256
host    ${SAMPLE_DATABASE}       ${REPLICATOR_ROLE}  127.0.0.1/32   scram-sha-256
`;

/** A running local environment. */
export interface LocalEnvironment {
  readonly layout: EnvironmentLayout;
  readonly state: EnvironmentState;
  readonly source: LocalCluster;
  readonly target: LocalCluster;
}

export interface UpOptions {
  readonly root: string;
  /**
   * Both clusters' major. Defaults to the major of the default binaries (17) for a new
   * environment, or the existing one's.
   */
  readonly major?: PostgresMajor;
  /** The source's major, over `major` (e.g. an older self-managed source)... */
  readonly sourceMajor?: PostgresMajor;
  /** ...and the target's, which the RDS endpoint's engine version and parameter group family follow. */
  readonly targetMajor?: PostgresMajor;
  /** Remove an existing environment first. */
  readonly fresh?: boolean;
  /** Extra environment for the RDS endpoint daemon, e.g. REPLCTL_RDS_FAULTS. */
  readonly rdsDaemonEnv?: Readonly<Record<string, string>>;
}

export interface UpResult {
  readonly environment: LocalEnvironment;
  /** False when an existing environment was reused (and started where it had stopped). */
  readonly created: boolean;
}

/**
 * Starts the local environment in `root`: reuses what is there and runs (starting what stopped),
 * or creates it. A half-created one (an `up` that crashed) is removed and created again.
 */
export async function upEnvironment(options: UpOptions): Promise<UpResult> {
  const layout = environmentLayout(options.root);
  if (options.fresh) await removeEnvironment(layout);
  const existing = await readEnvironmentState(layout);
  const requested = requestedMajors(options);
  if (existing?.complete) {
    const differs = (['source', 'target'] as const).some(
      (side) => requested[side] !== undefined && requested[side] !== existing.majors[side],
    );
    if (differs) {
      throw new LocalEnvironmentError(
        `the local environment in ${layout.root} runs PostgreSQL ${describeMajors(existing.majors)}; ` +
          `use --fresh to recreate it with ${describeMajors({ ...existing.majors, ...definedMajors(requested) })}`,
      );
    }
    return { environment: await resume(layout, existing, options), created: false };
  }
  await removeEnvironment(layout);
  try {
    return { environment: await create(layout, requested, options), created: true };
  } catch (error) {
    await removeEnvironment(layout).catch(() => undefined);
    throw error;
  }
}

type RequestedMajors = { readonly [side in keyof EnvironmentMajors]: PostgresMajor | undefined };

function requestedMajors(options: UpOptions): RequestedMajors {
  return {
    source: options.sourceMajor ?? options.major,
    target: options.targetMajor ?? options.major,
  };
}

function definedMajors(requested: RequestedMajors): Partial<EnvironmentMajors> {
  return Object.fromEntries(Object.entries(requested).filter(([, major]) => major !== undefined));
}

/** `17`, or `12 (source) and 18 (target)`. */
function describeMajors(majors: EnvironmentMajors): string {
  return majors.source === majors.target
    ? String(majors.source)
    : `${majors.source} (source) and ${majors.target} (target)`;
}

/** The environment in `root` as it is (nothing is started); throws when there is none. */
export async function loadEnvironment(root: string): Promise<LocalEnvironment> {
  const layout = environmentLayout(root);
  const state = await readEnvironmentState(layout);
  if (!state?.complete)
    throw new LocalEnvironmentError(`no local environment in ${root}: run replctl local up`);
  const [source, target] = await Promise.all([
    LocalCluster.load(layout.sourceDir),
    LocalCluster.load(layout.targetDir),
  ]);
  return { layout, state, source, target };
}

/**
 * Stops every process of the environment in `root` and removes its data. Returns false when
 * there was nothing there.
 */
export async function downEnvironment(root: string): Promise<boolean> {
  const layout = environmentLayout(root);
  const entries = await readdir(root).catch(() => undefined);
  if (entries === undefined) return false;
  await removeEnvironment(layout);
  return true;
}

/** Restarts one cluster (what a changed `postmaster` setting needs). */
export async function restartCluster(root: string, which: 'source' | 'target'): Promise<LocalCluster> {
  const cluster = (await loadEnvironment(root))[which];
  await cluster.restart();
  return cluster;
}

async function create(
  layout: EnvironmentLayout,
  requested: RequestedMajors,
  options: UpOptions,
): Promise<LocalEnvironment> {
  const [sourceBinaries, targetBinaries] = await Promise.all([
    findBinaries(requested.source),
    findBinaries(requested.target),
  ]);
  const majors: EnvironmentMajors = { source: sourceBinaries.major, target: targetBinaries.major };
  await mkdir(layout.root, { recursive: true });
  // The server runs as another account when we are root: it must be able to enter the root.
  await chmod(layout.root, 0o755);
  let state: EnvironmentState = {
    formatVersion: 1,
    majors,
    createdAt: new Date().toISOString(),
    complete: false,
    replicatorPassword: generatePassword(),
    sourceDatabase: SAMPLE_DATABASE,
    target: {
      login: RDS_MASTER_USER,
      loginPassword: generatePassword(),
      loginIsSuperuser: masterIsSuperuser(majors.target),
    },
    rds: { instanceIdentifier: RDS_INSTANCE_IDENTIFIER, region: RDS_REGION },
  };
  await writeEnvironmentState(layout, state);
  const [source, target] = await Promise.all([
    LocalCluster.init({
      dir: layout.sourceDir,
      name: 'source',
      major: majors.source,
      superuser: SOURCE_SUPERUSER,
      hba: SOURCE_HBA,
    }),
    LocalCluster.init({
      dir: layout.targetDir,
      name: 'target',
      major: majors.target,
      superuser: RDS_ADMIN_USER,
    }),
  ]);
  await Promise.all([
    source.start({ reassignPortIfTaken: true }).then(() => setUpSource(source)),
    target.start({ reassignPortIfTaken: true }).then(() => setUpTarget(target, state)),
  ]);
  state = { ...state, rds: { ...state.rds, daemon: await startDaemon(layout, state, options) } };
  state = { ...state, complete: true };
  await writeEnvironmentState(layout, state);
  return { layout, state, source, target };
}

async function resume(
  layout: EnvironmentLayout,
  existing: EnvironmentState,
  options: UpOptions,
): Promise<LocalEnvironment> {
  const [source, target] = await Promise.all([
    LocalCluster.load(layout.sourceDir),
    LocalCluster.load(layout.targetDir),
  ]).catch((error: Error) => {
    throw new LocalEnvironmentError(
      `the local environment in ${layout.root} is damaged (${error.message}): use --fresh`,
    );
  });
  await Promise.all([source.start(), target.start()]);
  let state = existing;
  const daemon = state.rds.daemon;
  if (!daemon || !(await isRdsDaemon(daemon.pid, layout.targetDir))) {
    state = { ...state, rds: { ...state.rds, daemon: await startDaemon(layout, state, options) } };
    await writeEnvironmentState(layout, state);
  }
  return { layout, state, source, target };
}

function startDaemon(layout: EnvironmentLayout, state: EnvironmentState, options: UpOptions) {
  const previousPort = state.rds.daemon ? Number(new URL(state.rds.daemon.url).port) : undefined;
  return startRdsDaemon({
    targetDir: layout.targetDir,
    stateFile: layout.rdsStateFile,
    logFile: layout.rdsLogFile,
    identifier: state.rds.instanceIdentifier,
    region: state.rds.region,
    ...(previousPort ? { port: previousPort } : {}),
    ...(options.rdsDaemonEnv ? { env: options.rdsDaemonEnv } : {}),
  });
}

/** The sample database; no replication role or publication: that is the first plan's work. */
async function setUpSource(source: LocalCluster): Promise<void> {
  await withClient(source.superuserUrl('postgres'), (c) =>
    c.query(`CREATE DATABASE ${quoteIdent(SAMPLE_DATABASE)}`),
  );
  await withClient(source.superuserUrl(SAMPLE_DATABASE), (c) => c.query(SAMPLE_SCHEMA_SQL));
}

/** Only the default databases, as on a new RDS instance, and its roles. */
async function setUpTarget(target: LocalCluster, state: EnvironmentState): Promise<void> {
  await withClient(target.superuserUrl('postgres'), async (c) => {
    for (const statement of rdsRoleStatements(target.state.major, state.target.loginPassword)) {
      await c.query(statement);
    }
  });
}

/** Stops what runs (the daemon, the clusters) and removes the environment's files. */
async function removeEnvironment(layout: EnvironmentLayout): Promise<void> {
  const state = await readEnvironmentState(layout).catch(() => undefined);
  if (state?.rds.daemon) await stopRdsDaemon(state.rds.daemon.pid, layout.targetDir);
  await Promise.all(
    [layout.sourceDir, layout.targetDir].map(async (dir) => {
      const cluster = await LocalCluster.load(dir).catch(() => undefined);
      if (cluster) await cluster.destroy();
      else await rm(dir, { recursive: true, force: true });
    }),
  );
  await rm(layout.rdsDir, { recursive: true, force: true });
  await rm(layout.stateFile, { force: true });
  // Only what replctl put there: a root that holds anything else stays.
  await rmdir(layout.root).catch(() => undefined);
}
