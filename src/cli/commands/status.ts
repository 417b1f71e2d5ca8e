import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { choiceParser } from '../options.js';
import { type Output, processOutput } from '../output.js';

export interface StatusCommandOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly runs: number;
  readonly format: 'text' | 'json';
}

/** `replctl status`: subscriptions, their workers and lag, table sync states, slots, last runs (design §7). */
export function registerStatusCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('status')
    .description(
      'show the replication status: subscriptions, walsenders, lag, table states, slots, pending restarts, last runs',
    )
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option('--runs <n>', 'how many journal runs to show', (t) => Number.parseInt(t, 10), 5)
    .option('--format <format>', 'text or json', choiceParser(['text', 'json'] as const), 'text')
    .addHelpText('after', '\nRead-only. Exit codes: 0 the status was read (see "Needs attention"), 1 error.')
    .action(async (options: Omit<StatusCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runStatus({ ...options, projectDir }, processOutput()));
    });
}

export async function runStatus(options: StatusCommandOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { collectStatus } = await import('../../status/collect-status.js');
  const project = await loadProject(options.projectDir);
  const report = await collectStatus({
    project,
    ...(options.env ? { environment: options.env } : {}),
    resolveContext: processResolveContext(project.dir),
    runs: options.runs,
  });
  if (options.format === 'json') output.out(JSON.stringify(report, null, 2));
  else {
    const { renderStatusText } = await import('../../status/render-status-text.js');
    output.out(renderStatusText(report, output.colors));
  }
  return ExitCode.ok;
}
