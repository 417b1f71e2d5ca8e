import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const main = pathToFileURL(fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url))).href;

/**
 * Runs `replctl <args>` from the sources in a process of its own, as a user would: a command that
 * starts servers and exits must leave them running, which an in-process call cannot show.
 */
export function runCli(args: readonly string[], cwd: string): Promise<CliResult> {
  const script = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(process.argv.slice(1));`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, '--input-type=module', '-e', script, '--', ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
