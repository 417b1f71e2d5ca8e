import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ExitCode, ReplctlError } from '../../errors.js';
import { choiceParser, parseVersionOption } from '../options.js';
import { type Output, processOutput } from '../output.js';

export type PlanFormat = 'text' | 'markdown' | 'json';
const FORMATS: readonly PlanFormat[] = ['text', 'markdown', 'json'];

export interface PlanCommandOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly to?: number;
  /** Plan to the changesets at this git ref; with `base`, the branch to review. */
  readonly ref?: string;
  /** Review a branch against this git ref (pull requests). */
  readonly base?: string;
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
    .option(
      '--ref <gitref>',
      'plan to the changesets as they are at a git ref; with --base, the branch to review (default: the working tree)',
    )
    .option(
      '--base <gitref>',
      'review the branch against a git ref: changesets it adds, desired-state diff, and its plan (offline when the environment cannot be reached)',
    )
    .option('--out <file>', 'also save the plan as JSON for `replctl apply <file>`')
    .option('--format <format>', 'text, markdown or json', choiceParser(FORMATS), 'text')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes, 0 when it has none', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 no changes (or changes without --detailed-exitcode), 1 error (with --base: also a\nbranch that edits a changeset the base has), 2 changes.\nNothing in either database or the RDS API is changed.',
    )
    .action(async (options: Omit<PlanCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runPlan({ ...options, projectDir }, processOutput()));
    });
}

export async function runPlan(options: PlanCommandOptions, output: Output): Promise<number> {
  if (options.to !== undefined && (options.ref !== undefined || options.base !== undefined)) {
    throw new ReplctlError('expected either --to or --ref/--base, but got both');
  }
  if (options.base !== undefined) return runReview(options, options.base, output);
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { preparePlan } = await import('../../workflow/prepare-plan.js');
  const { renderPlan } = await import('../render-plan.js');
  const { renderJson } = await import('../../render/json.js');
  const project = await loadProject(options.projectDir);
  const atRef = options.ref
    ? await (await import('../../review/ref-changesets.js')).loadChangesetsAtRef(project, options.ref)
    : undefined;
  const prepared = await preparePlan({
    project,
    ...(options.env ? { environment: options.env } : {}),
    ...(options.to ? { toVersion: options.to } : {}),
    ...(atRef ? { changesets: atRef.changesets } : {}),
    resolveContext: processResolveContext(project.dir),
  });
  if (options.out)
    await writeFile(options.out, renderJson(prepared.plan, { findings: prepared.findings }), { mode: 0o600 });
  output.out(renderPlan(prepared, options.format, output));
  return exitCodeFor(prepared.plan.steps.length, options);
}

/** `plan --base REF`: the pull-request review, in text or Markdown. */
async function runReview(options: PlanCommandOptions, base: string, output: Output): Promise<number> {
  if (options.format === 'json' || options.out !== undefined) {
    throw new ReplctlError(
      'expected --format text or markdown with --base (a review is for people; --out and json are for plans apply runs: use them without --base)',
    );
  }
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { prepareReview } = await import('../../review/prepare-review.js');
  const project = await loadProject(options.projectDir);
  const review = await prepareReview({
    project,
    base,
    ...(options.ref ? { head: options.ref } : {}),
    ...(options.env ? { environment: options.env } : {}),
    resolveContext: processResolveContext(project.dir),
  });
  if (options.format === 'markdown') {
    const { renderReviewMarkdown } = await import('../../review/review-markdown.js');
    output.out(renderReviewMarkdown(review));
  } else {
    const { renderReviewText } = await import('../../review/review-text.js');
    output.out(renderReviewText(review, output.colors));
  }
  const plan = review.plan.kind === 'live' ? review.plan.prepared.plan : review.plan.plan;
  return exitCodeFor(plan.steps.length, options);
}

function exitCodeFor(steps: number, options: PlanCommandOptions): number {
  return steps > 0 && options.detailedExitcode ? ExitCode.planHasChanges : ExitCode.ok;
}
