import type { Command } from 'commander';
import { DEFAULT_PARALLEL } from '../../apply/apply-options.js';
import { ExitCode } from '../../errors.js';
import { confirmOrRefuse } from '../confirm.js';
import { parseParallelOption, parseSecondsOption, parseVersionOption } from '../options.js';
import { type Output, processOutput } from '../output.js';

export interface ApplyCommandOptions {
  readonly projectDir: string;
  readonly planFile?: string;
  readonly env?: string;
  readonly to?: number;
  readonly allowDestructive: boolean;
  readonly allowChangedChangesets: boolean;
  readonly lockTimeout: number;
  readonly parallel: number;
  readonly autoApprove: boolean;
}

/** `replctl apply [FILE]`: run the plan with the journal, lock and waits (design §5, §7). */
export function registerApplyCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('apply')
    .description(
      'apply the plan (fresh, or saved with `plan --out`); re-run to resume after any interruption',
    )
    .argument('[plan-file]', 'a plan saved with `replctl plan --out FILE` (refused when stale)')
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option('--to <K>', 'apply up to changeset version K (default: the latest)', parseVersionOption)
    .option('--allow-destructive', 'allow drops, revokes and removals', false)
    .option('--allow-changed-changesets', 'accept applied changesets whose files changed since', false)
    .option('--lock-timeout <seconds>', 'wait this long for another apply to finish', parseSecondsOption, 0)
    .option(
      '--parallel <N>',
      'connections per database: independent SQL steps run at once, sharing one budget of locks (1: one step at a time)',
      parseParallelOption,
      DEFAULT_PARALLEL,
    )
    .option('--auto-approve', 'do not ask for confirmation', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 applied (or nothing to do), 1 error, 3 stale saved plan, 4 lock held,\n5 stopped at a manual step or partially applied (re-run to resume).',
    )
    .action(
      async (
        planFile: string | undefined,
        options: Omit<ApplyCommandOptions, 'projectDir'>,
        command: Command,
      ) => {
        const projectDir = command.optsWithGlobals<{ project: string }>().project;
        setExitCode(
          await runApplyCommand(
            { ...options, projectDir, ...(planFile ? { planFile } : {}) },
            processOutput(),
          ),
        );
      },
    );
}

export async function runApplyCommand(options: ApplyCommandOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { runApply } = await import('../../workflow/run-apply.js');
  const { renderPlan } = await import('../render-plan.js');
  const { progressFor } = await import('../progress.js');
  const project = await loadProject(options.projectDir);
  const outcome = await runApply({
    project,
    ...(options.env ? { environment: options.env } : {}),
    ...(options.planFile ? { planFile: options.planFile } : {}),
    ...(options.to ? { toVersion: options.to } : {}),
    allowDestructive: options.allowDestructive,
    allowChangedChangesets: options.allowChangedChangesets,
    lockTimeoutMs: options.lockTimeout * 1000,
    engine: { parallel: options.parallel },
    resolveContext: processResolveContext(project.dir),
    progress: progressFor(output),
    approve: async (prepared) => {
      output.out(
        prepared.plan.steps.length === 0
          ? `No step changes the databases; the journal records version ${prepared.plan.targetVersion}, which the live state matches.`
          : renderPlan(prepared, 'text', output),
      );
      await confirmOrRefuse('apply these steps', options.autoApprove);
    },
  });
  const { plan, result } = outcome;
  if (result === undefined) {
    output.out(`No changes. Live state matches version ${plan.targetVersion}.`);
    return ExitCode.ok;
  }
  const done = result.steps.filter((s) => s.status === 'done').length;
  const skipped = result.steps.length - done;
  output.out(
    output.colors.green(
      `Apply complete: ${done} steps done${skipped > 0 ? `, ${skipped} already done by an earlier run` : ''} in ${(result.durationMs / 1000).toFixed(1)} s. Live at version ${plan.targetVersion}.`,
    ),
  );
  return ExitCode.ok;
}
