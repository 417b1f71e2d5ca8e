import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { choiceParser, parseVersionOption } from '../options.js';
import { type Output, processOutput } from '../output.js';

export type ShowFormat = 'yaml' | 'json';

export interface ShowOptions {
  readonly projectDir: string;
  /** Default: the latest version. */
  readonly version?: number;
  readonly format: ShowFormat;
}

/** `replctl show [--version K] [--format yaml|json]`: the folded desired state. */
export function registerShowCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('show')
    .description('print the desired state folded from the changesets (validated first)')
    .option('--version <K>', 'fold changesets 1..K (default: the latest)', parseVersionOption)
    .option('--format <format>', 'yaml or json', choiceParser(['yaml', 'json'] as const), 'yaml')
    .addHelpText(
      'after',
      "\nThe output is a document the changeset schema validates: the folded state, with the version\nfolded to and that changeset's description.",
    )
    .action(async (options: { version?: number; format: ShowFormat }, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(
        await runShow(
          { projectDir, format: options.format, ...(options.version ? { version: options.version } : {}) },
          processOutput(),
        ),
      );
    });
}

export async function runShow(options: ShowOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { foldWithOrigins } = await import('../../changesets/fold.js');
  const project = await loadProject(options.projectDir);
  const { document, version } = foldWithOrigins(project.changesets, options.version);
  if (options.format === 'json') {
    output.out(JSON.stringify(document, null, 2));
  } else {
    const { stringify } = await import('yaml');
    const header = `# Desired state at version ${version}, folded from changesets 1 to ${version} by replctl show.\n`;
    output.out(header + stringify(document, { lineWidth: 0 }));
  }
  return ExitCode.ok;
}
