import type { Command } from 'commander';
import { ExitCode } from '../../errors.js';
import { choiceParser } from '../options.js';
import { type Output, processOutput } from '../output.js';

export interface JournalCommandOptions {
  readonly projectDir: string;
  readonly env?: string;
  readonly limit: number;
  readonly steps: boolean;
  readonly format: 'text' | 'json';
}

/** `replctl journal`: the run history the apply engine recorded (design §5, §7). */
export function registerJournalCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('journal')
    .description('list apply and rollback runs, their outcome and steps, and the applied changesets')
    .option('--env <name>', 'environment from replctl.yaml (default: local, or the only one)')
    .option('--limit <n>', 'how many runs to show, newest first', (t) => Number.parseInt(t, 10), 10)
    .option('--steps', 'show every step of each run', false)
    .option('--format <format>', 'text or json', choiceParser(['text', 'json'] as const), 'text')
    .action(async (options: Omit<JournalCommandOptions, 'projectDir'>, command: Command) => {
      const projectDir = command.optsWithGlobals<{ project: string }>().project;
      setExitCode(await runJournal({ ...options, projectDir }, processOutput()));
    });
}

export async function runJournal(options: JournalCommandOptions, output: Output): Promise<number> {
  const { loadProject } = await import('../../config/load-project.js');
  const { processResolveContext } = await import('../../config/resolve-context.js');
  const { resolveEnvironment } = await import('../../config/resolve-environment.js');
  const { EnvironmentClients } = await import('../../workflow/environment-clients.js');
  const { listRuns, listSteps, readAppliedChangesets, readLockHolder } = await import('../../apply/index.js');
  const { latestVersion } = await import('../../changesets/fold.js');
  const project = await loadProject(options.projectDir);
  const environment = resolveEnvironment(project.config, options.env, processResolveContext(project.dir));
  const clients = new EnvironmentClients(environment, undefined);
  const db = await clients.connect('journal');
  try {
    const schema = environment.target.journalSchema;
    const runs = await listRuns(db, { schema, environment: environment.name, limit: options.limit });
    const steps = options.steps
      ? await Promise.all(runs.map((run) => listSteps(db, run.id, { schema })))
      : runs.map(() => []);
    const applied = await readAppliedChangesets(db, environment.name, { schema });
    const holder = await readLockHolder(db, environment.name, { schema });
    const live = applied.length > 0 ? Math.max(...applied.map((a) => a.version)) : undefined;
    const latest = latestVersion(project.changesets);
    if (options.format === 'json') {
      output.out(
        JSON.stringify(
          {
            environment: environment.name,
            liveVersion: live ?? null,
            latestVersion: latest,
            lockHolder: holder ?? null,
            runs: runs.map((run, i) => ({ ...run, ...(options.steps ? { steps: steps[i] } : {}) })),
          },
          null,
          2,
        ),
      );
      return ExitCode.ok;
    }
    const c = output.colors;
    output.out(
      `Environment ${environment.name}: ${live === undefined ? 'nothing applied yet' : `live at version ${live}`}, latest is ${latest}.`,
    );
    if (holder)
      output.out(
        c.yellow(
          `Apply lock held by run ${holder.runId} (${holder.startedBy}@${holder.host}) since ${holder.since.toISOString()}.`,
        ),
      );
    if (runs.length === 0) output.out('No runs recorded.');
    runs.forEach((run, i) => {
      const colour = run.outcome === 'succeeded' ? c.green : run.outcome === 'running' ? c.cyan : c.red;
      output.out(
        `${run.startedAt.toISOString()}  ${run.kind.padEnd(8)} v${String(run.targetVersion).padEnd(4)} ${colour(run.outcome.padEnd(9))} ${run.startedBy}@${run.host}${run.gitCommit ? ` ${run.gitCommit.slice(0, 12)}` : ''}  ${run.id}`,
      );
      if (run.error) output.out(`    ${c.red(run.error.split('\n')[0] ?? '')}`);
      for (const step of steps[i] ?? []) {
        output.out(
          `    ${step.status.padEnd(7)} ${step.stepId}  ${step.summary}${step.error ? `  ${c.red(step.error.split('\n')[0] ?? '')}` : ''}`,
        );
      }
    });
    return ExitCode.ok;
  } finally {
    await db.end();
    clients.close();
  }
}
