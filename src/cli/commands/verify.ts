import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { choiceParser, parseSecondsOption } from '../options.js';
import { type Output, processOutput } from '../output.js';

export interface VerifyCommandOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly table?: readonly string[];
  readonly timeout: number;
  readonly chunkRows: number;
  readonly format: 'text' | 'json';
}

/** `replctl verify`: source vs target row counts and checksums per replicated table (design §7). */
export function registerVerifyCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description(
      'wait for the subscribers to catch up, then compare row counts and checksums of every replicated table on both sides',
    )
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option(
      '--table <schema.table>',
      'compare only this table (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--timeout <seconds>',
      'wait at most this long for the subscribers to catch up',
      parseSecondsOption,
      60,
    )
    .option('--chunk-rows <n>', 'rows per checksummed key range', (t) => Number.parseInt(t, 10), 50_000)
    .option('--format <format>', 'text or json', choiceParser(['text', 'json'] as const), 'text')
    .addHelpText(
      'after',
      '\nRead-only. Compares the published columns (column lists honoured) of the rows the row filters let\nthrough, ordered by key. Exit codes: 0 equal, 1 a difference, a subscriber that did not catch up, or an error.',
    )
    .action(async (options: Omit<VerifyCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runVerifyCommand({ ...options, projectDir }, processOutput()));
    });
}

export async function runVerifyCommand(options: VerifyCommandOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { runVerify } = await import('../../verify/run-verify.js');
  const project = await loadProject(options.projectDir);
  const report = await runVerify({
    project,
    ...(options.env ? { environment: options.env } : {}),
    ...(options.table ? { tables: options.table } : {}),
    timeoutMs: options.timeout * 1000,
    chunkRows: Math.max(1, options.chunkRows),
    resolveContext: processResolveContext(project.dir),
  });
  if (options.format === 'json') output.out(JSON.stringify(report, null, 2));
  else {
    const { renderVerifyText } = await import('../../verify/render-verify-text.js');
    output.out(renderVerifyText(report, output.colors));
  }
  return report.equal ? ExitCode.ok : ExitCode.error;
}
