import { spawn } from 'node:child_process';
import type { ServerUser } from './server-user.js';

export interface BinaryResult {
  readonly code: number | null;
  readonly output: string;
}

export interface RunBinaryOptions {
  /** Run as this account (we are root); undefined runs as ourselves. */
  readonly as: ServerUser | undefined;
  /** A directory the account can enter: initdb and pg_ctl fail when they cannot read their cwd. */
  readonly cwd: string;
  readonly timeoutMs?: number;
}

/**
 * Runs a PostgreSQL program and collects its output. Detached into a session of its own, so a
 * server that pg_ctl forks does not belong to our process group: it outlives this process and a
 * Ctrl-C in the terminal that ran `replctl local up`.
 */
export function runBinary(
  file: string,
  args: readonly string[],
  options: RunBinaryOptions,
): Promise<BinaryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      cwd: options.cwd,
      env: serverEnvironment(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.as ? { uid: options.as.uid, gid: options.as.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * A clean environment: PG* variables of the caller (PGPORT, PGDATA, PGOPTIONS...) would change
 * what the server and pg_ctl do; English messages keep logs readable the same everywhere.
 */
function serverEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C',
    LC_ALL: 'C',
    TZ: 'UTC',
  };
}
