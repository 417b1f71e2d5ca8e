import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { LocalEnvironmentError } from './local-error.js';
import { isSupportedMajor, type PostgresMajor } from './postgres/binaries.js';

/** Where everything of one local environment lives, under its root directory. */
export interface EnvironmentLayout {
  readonly root: string;
  /** This environment's EnvironmentState. */
  readonly stateFile: string;
  /** The source cluster: cluster.json (ClusterState), data/, postgresql.log. */
  readonly sourceDir: string;
  /** The target cluster, laid out like the source. */
  readonly targetDir: string;
  /** The RDS endpoint daemon's files. */
  readonly rdsDir: string;
  /** The RDS endpoint's persisted state (parameter groups, the instance). */
  readonly rdsStateFile: string;
  /** The RDS endpoint daemon's output. */
  readonly rdsLogFile: string;
}

export function environmentLayout(root: string): EnvironmentLayout {
  return {
    root,
    stateFile: join(root, 'environment.json'),
    sourceDir: join(root, 'source'),
    targetDir: join(root, 'target'),
    rdsDir: join(root, 'rds'),
    rdsStateFile: join(root, 'rds', 'endpoint-state.json'),
    rdsLogFile: join(root, 'rds', 'daemon.log'),
  };
}

/**
 * `<root>/environment.json` (mode 0600: it holds passwords). Written first with `complete: false`
 * and rewritten as `up` goes, so a crashed `up` leaves a record of what to clean up.
 */
export interface EnvironmentState {
  readonly formatVersion: 1;
  /** Each cluster's PostgreSQL major; the RDS endpoint's engine is the target's. */
  readonly majors: EnvironmentMajors;
  readonly createdAt: string;
  /** False while `up` is creating it. */
  readonly complete: boolean;
  /** The password the `replicator` role gets when a plan creates it (REPLICATOR_PASSWORD). */
  readonly replicatorPassword: string;
  /** The sample database on the source (the source URL's database). */
  readonly sourceDatabase: string;
  readonly target: {
    /** The RDS master login (TARGET_DATABASE_URL); not a superuser on 16+. */
    readonly login: string;
    readonly loginPassword: string;
    readonly loginIsSuperuser: boolean;
  };
  readonly rds: {
    readonly instanceIdentifier: string;
    readonly region: string;
    /** The daemon serving the RDS API; absent until it has started. */
    readonly daemon?: { readonly pid: number; readonly url: string };
  };
}

/** The majors of the two clusters: an older self-managed source often feeds a newer RDS target. */
export interface EnvironmentMajors {
  readonly source: PostgresMajor;
  readonly target: PostgresMajor;
}

export async function writeEnvironmentState(
  layout: EnvironmentLayout,
  state: EnvironmentState,
): Promise<void> {
  await writeJsonFile(layout.stateFile, state);
}

/** The state in `layout`, or undefined when no environment was ever started there. */
export async function readEnvironmentState(layout: EnvironmentLayout): Promise<EnvironmentState | undefined> {
  const stored = (await readJsonFile(layout.stateFile)) as StoredState | undefined;
  if (stored === undefined) return undefined;
  const raw = withMajors(stored);
  const ok =
    raw.formatVersion === 1 &&
    isSupportedMajor(raw.majors?.source ?? Number.NaN) &&
    isSupportedMajor(raw.majors?.target ?? Number.NaN) &&
    typeof raw.complete === 'boolean' &&
    typeof raw.replicatorPassword === 'string' &&
    typeof raw.sourceDatabase === 'string' &&
    typeof raw.target?.login === 'string' &&
    typeof raw.target.loginPassword === 'string' &&
    typeof raw.rds?.instanceIdentifier === 'string';
  if (!ok)
    throw new LocalEnvironmentError(
      `${layout.stateFile} is not a replctl local environment state file (formatVersion 1)`,
    );
  return raw as EnvironmentState;
}

/** What the file may hold: environments created before majors could differ have one `major`. */
type StoredState = Partial<EnvironmentState> & { readonly major?: unknown };

function withMajors(stored: StoredState): Partial<EnvironmentState> {
  const { major, ...rest } = stored;
  if (rest.majors !== undefined || typeof major !== 'number' || !isSupportedMajor(major)) return rest;
  return { ...rest, majors: { source: major, target: major } };
}
