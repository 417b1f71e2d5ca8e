import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LocalEnvironmentError } from './local-error.js';
import { commandLine, isAlive, waitForExit } from './pid.js';
import type { DaemonMessage } from './rds-daemon-message.js';

export interface RdsDaemonOptions {
  readonly targetDir: string;
  readonly stateFile: string;
  readonly logFile: string;
  readonly identifier: string;
  readonly region: string;
  /** The port to try first (a previous daemon's); another free one if it is taken. */
  readonly port?: number;
  /** Extra environment for the daemon, e.g. REPLCTL_RDS_FAULTS for fault injection. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunningDaemon {
  readonly pid: number;
  readonly url: string;
}

/**
 * Starts the RDS endpoint daemon detached (its own session, output to the log file) and resolves
 * once it serves. Compiled, it runs dist/local/rds-daemon.js; from sources (tests, tsx) it runs
 * the .ts file through tsx.
 */
export async function startRdsDaemon(options: RdsDaemonOptions): Promise<RunningDaemon> {
  await mkdir(dirname(options.logFile), { recursive: true });
  const log = await open(options.logFile, 'a', 0o600);
  const args = [
    ...daemonEntry(),
    '--target-dir',
    options.targetDir,
    '--state-file',
    options.stateFile,
    '--identifier',
    options.identifier,
    '--region',
    options.region,
    ...(options.port ? ['--port', String(options.port)] : []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log.fd, log.fd, 'ipc'],
    env: { ...process.env, ...options.env },
  });
  await log.close();
  try {
    const message = await new Promise<DaemonMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('it did not report ready within 30 s')), 30_000);
      child.once('message', (m) => {
        clearTimeout(timer);
        resolve(m as DaemonMessage);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`it exited (${signal ?? `code ${code}`})`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    if (message.kind === 'failed') throw new Error(message.message);
    return { pid: child.pid!, url: message.url };
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw new LocalEnvironmentError(
      `the RDS endpoint daemon did not start (log: ${options.logFile}): ${(error as Error).message}`,
    );
  } finally {
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
  }
}

/** Whether `pid` is the daemon of the environment whose target cluster is `targetDir` (pids get reused). */
export async function isRdsDaemon(pid: number, targetDir: string): Promise<boolean> {
  if (!(await isAlive(pid))) return false;
  const cmd = await commandLine(pid);
  return cmd?.includes('rds-daemon') === true && cmd.includes(targetDir);
}

/** Stops the daemon (SIGTERM, then SIGKILL after 10 s); a daemon that is already gone is fine. */
export async function stopRdsDaemon(pid: number, targetDir: string): Promise<void> {
  if (!(await isRdsDaemon(pid, targetDir))) return;
  process.kill(pid, 'SIGTERM');
  if (await waitForExit(pid, 10_000)) return;
  process.kill(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

function daemonEntry(): readonly string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    return ['--import', pathToFileURL(tsx).href, join(dirname(here), 'rds-daemon.ts')];
  }
  return [join(dirname(here), 'rds-daemon.js')];
}
