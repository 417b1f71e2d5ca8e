import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { type Output, processOutput } from '../output.js';

export interface ImportCommandOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly publication?: readonly string[];
  readonly subscription?: readonly string[];
  readonly out?: string;
  readonly asPatch: boolean;
  readonly recordFingerprints: boolean;
}

/** `replctl import`: bring a setup built by hand (or drift since) under the changesets. */
export function registerImportCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('import')
    .description(
      'write the changeset that describes what is live (the first), or with --as-patch the drift since the latest',
    )
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option('--publication <name>', 'import this publication (repeatable; default: all)', collect)
    .option('--subscription <name>', 'import this subscription (repeatable; default: all)', collect)
    .option(
      '--out <file>',
      'where to write it, NNNN-slug.yaml (default: changesets/0001-imported.yaml, or NNNN-imported-drift.yaml)',
    )
    .option(
      '--as-patch',
      'the project has changesets: write the drift since the latest as the next one',
      false,
    )
    .option(
      '--no-record-fingerprints',
      'do not record in COMMENTs the fingerprints of the secrets the source accepted (plan will then want to set them)',
    )
    .addHelpText(
      'after',
      '\nNothing is changed live except the fingerprint COMMENTs replctl keeps on the roles and subscriptions\nwhose secrets it manages (never a password). What a changeset cannot express is listed on stderr.\nA changeset whose plan would destroy anything is never written.',
    )
    .action(async (options: Omit<ImportCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runImportCommand({ ...options, projectDir }, processOutput()));
    });
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export async function runImportCommand(options: ImportCommandOptions, output: Output): Promise<number> {
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { formatFindings } = await import('../../import/finding.js');
  const { runImport } = await import('../../import/run-import.js');
  const { resolve } = await import('node:path');
  const outcome = await runImport({
    projectDir: options.projectDir,
    ...(options.env ? { environment: options.env } : {}),
    publications: options.publication ?? [],
    subscriptions: options.subscription ?? [],
    ...(options.out ? { out: options.out } : {}),
    asPatch: options.asPatch,
    recordFingerprints: options.recordFingerprints,
    resolveContext: processResolveContext(resolve(options.projectDir)),
    report: (findings) => {
      if (findings.length > 0) output.err(output.colors.yellow(formatFindings(findings)));
    },
  });
  const env = options.env ? ` --env ${options.env}` : '';
  const remaining =
    outcome.steps === 0
      ? 'it should find nothing to change'
      : `it will still show ${outcome.steps} step${outcome.steps === 1 ? '' : 's'} (see the notes)`;
  if (outcome.kind === 'no-drift') {
    output.out(`No drift: the live state is what changeset ${outcome.version} says; nothing written.`);
  } else {
    output.out(`Wrote ${outcome.file} (changeset version ${outcome.version}).`);
    output.out(`Next: replctl validate, then replctl plan${env}: ${remaining}.`);
  }
  return ExitCode.ok;
}
