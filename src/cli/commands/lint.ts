import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { choiceParser } from '../options.js';
import { type Output, processOutput } from '../output.js';

export interface LintCommandOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly format: 'text' | 'json';
}

/** `replctl lint`: replication-aware findings with rule ids and severities (design §7, issue 7). */
export function registerLintCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('lint')
    .description('check the desired state against the live databases for replication problems (read-only)')
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option('--format <format>', 'text or json', choiceParser(['text', 'json'] as const), 'text')
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors (warnings and infos, or waived errors, may remain), 1 an error finding\nthat no changeset waives (apply refuses to run then), or a failure. Rules: docs/lint-rules.md.',
    )
    .action(async (options: Omit<LintCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runLint({ ...options, projectDir }, processOutput()));
    });
}

export async function runLint(options: LintCommandOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { preparePlan } = await import('../../workflow/prepare-plan.js');
  const { blockingFindings } = await import('../../lint/finding.js');
  const project = await loadProject(options.projectDir);
  const prepared = await preparePlan({
    project,
    ...(options.env ? { environment: options.env } : {}),
    resolveContext: processResolveContext(project.dir),
  });
  const { findings } = prepared;
  if (options.format === 'json') {
    const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
    output.out(
      JSON.stringify(
        {
          environment: prepared.environment.name,
          targetVersion: prepared.plan.targetVersion,
          summary: {
            errors: count('error'),
            warnings: count('warning'),
            infos: count('info'),
            waived: findings.filter((f) => f.waived !== undefined).length,
            blocking: blockingFindings(findings).length,
          },
          findings,
        },
        null,
        2,
      ),
    );
  } else {
    const { renderFindingsText } = await import('../../lint/render-findings-text.js');
    output.out(
      `Environment ${prepared.environment.name}, changeset version ${prepared.plan.targetVersion}.\n${renderFindingsText(findings, { colors: output.colors })}`,
    );
  }
  return blockingFindings(findings).length > 0 ? ExitCode.error : ExitCode.ok;
}
