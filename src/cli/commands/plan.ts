import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { choiceParser, parseVersionOption } from '../options.js';
import { type Output, processOutput } from '../output.js';

export type PlanFormat = 'text' | 'markdown' | 'json';
const FORMATS: readonly PlanFormat[] = ['text', 'markdown', 'json'];

export interface PlanCommandOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly to?: number;
  readonly out?: string;
  readonly format: PlanFormat;
  readonly detailedExitcode: boolean;
}

/** `replctl plan`: what apply would do, read-only (design §7). */
export function registerPlanCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('plan')
    .description('diff the desired state against the live databases and RDS API, and print the ordered plan')
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option('--to <K>', 'plan to changeset version K (default: the latest)', parseVersionOption)
    .option('--out <file>', 'also save the plan as JSON for `replctl apply <file>`')
    .option('--format <format>', 'text, markdown or json', choiceParser(FORMATS), 'text')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when it has none', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 no changes (or changes without --detailed-exitcode), 1 error, 2 changes.\nNothing in either database or the RDS API is changed.',
    )
    .action(async (options: Omit<PlanCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runPlan({ ...options, projectDir }, processOutput()));
    });
}

export async function runPlan(options: PlanCommandOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { preparePlan } = await import('../../workflow/prepare-plan.js');
  const { renderPlan } = await import('../render-plan.js');
  const { renderJson } = await import('../../render/json.js');
  const project = await loadProject(options.projectDir);
  const prepared = await preparePlan({
    project,
    ...(options.env ? { environment: options.env } : {}),
    ...(options.to ? { toVersion: options.to } : {}),
    resolveContext: processResolveContext(project.dir),
  });
  if (options.out) await writeFile(options.out, renderJson(prepared.plan), { mode: 0o600 });
  output.out(renderPlan(prepared, options.format, output));
  const changes = prepared.plan.steps.length > 0;
  return changes && options.detailedExitcode ? ExitCode.planHasChanges : ExitCode.ok;
}
