import { spawn } from 'node:child_process';
import type { SourceRestart } from './endpoints.js';

export interface ShellRestartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The command is killed after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

/** The environment's `restart: { command }` run through the system shell (design §3). */
export function shellRestart(command: string, options: ShellRestartOptions = {}): SourceRestart {
  return { kind: 'command', description: command, run: () => runShell(command, options) };
}

function runShell(command: string, options: ShellRestartOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 600_000,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      // The tail is what explains a failure; do not hold a chatty command's whole output.
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(
          new Error(`restart command \`${command}\` ${how}${output.trim() ? `:\n${output.trim()}` : ''}`),
        );
      }
    });
  });
}
