import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_PARALLEL } from '../../apply/apply-options.js';
import { ExitCode } from '../../errors.js';
import type { RollbackTarget } from '../../workflow/run-rollback.js';
import { confirmOrRefuse } from '../confirm.js';
import { parseParallelOption, parseSecondsOption } from '../options.js';
import { type Output, processOutput } from '../output.js';

export interface RollbackCommandOptions {
  readonly projectDir: string;
  readonly to: RollbackTarget;
  readonly env?: string;
  readonly allowDestructive: boolean;
  readonly allowChangedChangesets: boolean;
  readonly lockTimeout: number;
  readonly parallel: number;
  readonly autoApprove: boolean;
}

/** `replctl rollback --to K|GITREF`: apply an earlier desired state, journaled as a rollback (design §7). */
export function registerRollbackCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('rollback')
    .description(
      'bring the live state back to changeset version K, or to the changesets as a git ref has them; `apply` rolls forward again',
    )
    .requiredOption('--to <K|gitref>', 'a changeset version, or a git ref (tag, branch, commit)', parseTarget)
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option('--allow-destructive', 'allow drops, revokes and removals (a rollback usually has some)', false)
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
      '\nTarget tables and their rows are kept. Exit codes as for apply: 0 rolled back (or nothing to do),\n1 error, 4 lock held, 5 stopped at a manual step or partially applied (re-run to resume).',
    )
    .action(async (options: Omit<RollbackCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runRollbackCommand({ ...options, projectDir }, processOutput()));
    });
}

export async function runRollbackCommand(options: RollbackCommandOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { runRollback } = await import('../../workflow/run-rollback.js');
  const { renderPlan } = await import('../render-plan.js');
  const { progressFor } = await import('../progress.js');
  const project = await loadProject(options.projectDir);
  const c = output.colors;
  const outcome = await runRollback({
    project,
    to: options.to,
    ...(options.env ? { environment: options.env } : {}),
    allowDestructive: options.allowDestructive,
    allowChangedChangesets: options.allowChangedChangesets,
    lockTimeoutMs: options.lockTimeout * 1000,
    engine: { parallel: options.parallel },
    resolveContext: processResolveContext(project.dir),
    progress: progressFor(output),
    onTarget: (target) => {
      for (const { base, head } of target.differing) {
        output.err(
          c.yellow(
            `warning: changeset ${base.version} at ${base.file} differs from ${head.file}; after this rollback, apply reports it as changed`,
          ),
        );
      }
    },
    approve: async (prepared) => {
      output.out(
        c.bold(
          `Rolling back environment ${prepared.environment.name} to changeset version ${prepared.plan.targetVersion} (latest is ${prepared.latestVersion}).`,
        ),
      );
      output.out(
        prepared.plan.steps.length === 0
          ? 'No step changes the databases; the journal records the rollback.'
          : renderPlan(prepared, 'text', output),
      );
      await confirmOrRefuse('roll back', options.autoApprove);
    },
  });
  const { plan, result, prepared } = outcome;
  const where = `Live at version ${plan.targetVersion}; the latest is ${prepared.latestVersion} (replctl apply rolls forward).`;
  if (result === undefined) {
    output.out(`No changes. ${where}`);
    return ExitCode.ok;
  }
  const done = result.steps.filter((s) => s.status === 'done').length;
  output.out(
    c.green(`Rollback complete: ${done} steps done in ${(result.durationMs / 1000).toFixed(1)} s. ${where}`),
  );
  return ExitCode.ok;
}

/** A number is a changeset version; anything else a git ref. */
function parseTarget(text: string): RollbackTarget {
  if (/^[0-9]+$/.test(text)) {
    const version = Number(text);
    if (version < 1) throw new InvalidArgumentError(`expected a changeset version from 1, but got "${text}"`);
    return { kind: 'version', version };
  }
  if (text === '' || text.startsWith('-'))
    throw new InvalidArgumentError(`expected a version or a git ref, but got "${text}"`);
  return { kind: 'ref', ref: text };
}
