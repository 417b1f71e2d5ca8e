import type { Command } from 'commander';
import { ExitCode, formatDiagnostic, InputError } from '../../errors.js';
import { type Output, processOutput } from '../output.js';

/**
 * `replctl validate`: replctl.yaml and every changeset, checked as every other command would load
 * them (schema, versions, names, secrets, references in the folded state at every version).
 */
export function registerValidateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('validate')
    .description(
      'check replctl.yaml and every changeset: schema, versions, names, secret references, folded-state references',
    )
    .addHelpText(
      'after',
      '\nPrints each changeset with its version and checksum, or every problem as file:line:col: message\n(exit code 1). Nothing is connected to: validate reads only files.',
    )
    .action(async (_options: unknown, command: Command) => {
      setExitCode(await runValidate(command.optsWithGlobals<{ project: string }>().project, processOutput()));
    });
}

export async function runValidate(projectDir: string, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { colors } = output;
  try {
    const project = await loadProject(projectDir);
    const environments = Object.keys(project.config.config.environments);
    output.out(`${project.config.file}: environments ${environments.join(', ')}`);
    for (const c of project.changesets) {
      output.out(`${c.file}  version ${c.version}  ${c.checksum}  ${c.description}`);
    }
    const count = project.changesets.length;
    const versions =
      count === 0
        ? 'no changesets yet'
        : `${count} changeset${count === 1 ? '' : 's'}, versions 1 to ${count}`;
    output.out(
      `${colors.green('OK')}: ${versions}; ${environments.length} environment${environments.length === 1 ? '' : 's'}`,
    );
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const diagnostic of error.diagnostics) output.err(formatDiagnostic(diagnostic));
    const n = error.diagnostics.length;
    output.err(colors.red(`${n} problem${n === 1 ? '' : 's'} found`));
    return ExitCode.error;
  }
}
