import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type StartLocalEnvOptions, startLocalEnv, type TestLocalEnv } from './local-env.js';
import { type CliResult, ReplctlProcess, replctl } from './replctl-cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface E2eOptions extends StartLocalEnvOptions {
  /** How replctl.yaml says the source restarts: the repo's command (default) or `manual`. */
  readonly restart?: 'command' | 'manual';
  /** REPLICATOR_PASSWORD for the CLI, instead of the one the local environment made up. */
  readonly replicatorPassword?: string;
}

/**
 * A local environment and a user's project that points at it: a temp directory holding a copy of
 * the repository's changesets and replctl.yaml, with `.replctl/local` linked to the environment,
 * so the `replctl local restart source` of replctl.yaml restarts this environment's source.
 */
export interface E2eEnvironment {
  readonly local: TestLocalEnv;
  readonly project: string;
  /** The CLI's whole environment: what `replctl local env` exports, and NO_COLOR. */
  readonly env: Readonly<Record<string, string>>;
  /** The replicated database on the target, as its real superuser (for assertions). */
  readonly targetAppUrl: string;
  /** `replctl <args>` to its end. */
  run(...args: string[]): Promise<CliResult>;
  /** `replctl <args>`, running: watch its lines, kill it. */
  spawn(...args: string[]): ReplctlProcess;
  /** Stops the environment and removes both directories. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startE2eEnvironment(options: E2eOptions = {}): Promise<E2eEnvironment> {
  const local = await startLocalEnv(options);
  const project = await mkdtemp(join(tmpdir(), 'replctl-e2e-'));
  try {
    await writeProject(project, local, options.restart ?? 'command');
  } catch (error) {
    await Promise.all([local.stop(), rm(project, { recursive: true, force: true })]);
    throw error;
  }
  const env: Record<string, string> = {
    ...inherited(),
    ...local.env,
    ...(options.replicatorPassword === undefined ? {} : { REPLICATOR_PASSWORD: options.replicatorPassword }),
    NO_COLOR: '1',
  };
  let stopped: Promise<void> | undefined;
  return {
    local,
    project,
    env,
    targetAppUrl: local.targetAdminUrl('app'),
    run: (...args) => replctl(args, { project, env }),
    spawn: (...args) => new ReplctlProcess(args, { project, env }),
    stop: () => {
      stopped ??= Promise.all([local.stop(), rm(project, { recursive: true, force: true })]).then(
        () => undefined,
      );
      return stopped;
    },
  };
}

/** What a shell passes on that the CLI and its restart command need; nothing else reaches them. */
function inherited(): Record<string, string> {
  const names = ['PATH', 'HOME', 'USER', 'TMPDIR', 'REPLCTL_PG_USER'];
  return Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]]] : [])));
}

async function writeProject(project: string, local: TestLocalEnv, restart: 'command' | 'manual') {
  await cp(join(repoRoot, 'changesets'), join(project, 'changesets'), { recursive: true });
  // The parameter group family follows the target's major (the repository's says 17).
  const first = join(project, 'changesets', '0001-initial.yaml');
  const text = await readFile(first, 'utf8');
  await writeFile(first, text.replace('family: postgres17', `family: postgres${local.targetVersion}`));
  const config = await readFile(join(repoRoot, 'replctl.yaml'), 'utf8');
  const restartLine = 'restart: { command: "replctl local restart source" }';
  if (!config.includes(restartLine)) throw new Error(`expected replctl.yaml to hold ${restartLine}`);
  await writeFile(
    join(project, 'replctl.yaml'),
    restart === 'manual' ? config.replace(restartLine, 'restart: manual') : config,
  );
  await mkdir(join(project, '.replctl'));
  await symlink(local.root, join(project, '.replctl', 'local'));
}
