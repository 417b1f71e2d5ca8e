import { execFile } from 'node:child_process';
import { hostname, userInfo } from 'node:os';

/** Who runs apply and from where, recorded with every run and in the lock holder row. */
export interface RunMetadata {
  readonly startedBy: string;
  readonly host: string;
  readonly gitCommit?: string;
  /** A link to the CI run, when apply runs in CI. */
  readonly ciUrl?: string;
}

/** The GitHub Actions run URL when the standard variables are set. */
export function ciUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = env;
  return server && repo && runId ? `${server}/${repo}/actions/runs/${runId}` : undefined;
}

/**
 * Reads the OS user, host name, CI URL and, when `cwd` is in a git checkout, its HEAD commit
 * (GITHUB_SHA first, as CI checkouts may be shallow or detached).
 */
export async function collectRunMetadata(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<RunMetadata> {
  const gitCommit = env.GITHUB_SHA ?? (await gitHead(cwd));
  const ciUrl = ciUrlFromEnv(env);
  return {
    startedBy: osUser(env),
    host: hostname(),
    ...(gitCommit ? { gitCommit } : {}),
    ...(ciUrl ? { ciUrl } : {}),
  };
}

function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // userInfo throws when the uid has no passwd entry (some containers).
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

function gitHead(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd, timeout: 5000 }, (error, stdout) => {
      const commit = stdout.trim();
      resolve(error || !/^[0-9a-f]{40,64}$/.test(commit) ? undefined : commit);
    });
  });
}
