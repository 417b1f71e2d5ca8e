import { relative } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { ReplctlError } from '../../errors.js';
import type { EnvironmentStatus } from '../../local/environment-status.js';
import type { PostgresMajor } from '../../local/postgres/binaries.js';
import { type Output, processOutput } from '../output.js';

/**
 * `replctl local up|down|status|env|restart`: the embedded local environment (design §6). Thin:
 * the work is in src/local; modules load on use so other commands do not pay for them.
 */
export function registerLocalCommand(program: Command): void {
  const local = program
    .command('local')
    .description(
      'a local source, an RDS-like target and an RDS API endpoint, on loopback (in .replctl/local)',
    );

  local
    .command('up')
    .description('start the local environment, creating it if needed (idempotent)')
    .option(
      '--pg-version <major>',
      'PostgreSQL major of both clusters of a new environment, 12 to 18 (default 17)',
      parseMajor,
    )
    .option('--source-version <major>', 'PostgreSQL major of the source, over --pg-version', parseMajor)
    .option(
      '--target-version <major>',
      'PostgreSQL major of the target (the RDS engine), over --pg-version',
      parseMajor,
    )
    .option('--fresh', 'remove an existing environment and create a new one')
    .action(async (options: UpCommandOptions, command: Command) => {
      const root = await rootOf(command);
      const { upEnvironment } = await import('../../local/environment.js');
      const { environmentStatus } = await import('../../local/environment-status.js');
      const started = Date.now();
      const { created } = await upEnvironment({
        root,
        ...(options.pgVersion ? { major: options.pgVersion } : {}),
        ...(options.sourceVersion ? { sourceMajor: options.sourceVersion } : {}),
        ...(options.targetVersion ? { targetMajor: options.targetVersion } : {}),
        ...(options.fresh ? { fresh: true } : {}),
      });
      const out = processOutput();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      out.out(
        `${created ? 'Created' : 'Reused'} the local environment in ${displayPath(root)} (${seconds} s)`,
      );
      printStatus(out, (await environmentStatus(root))!);
      out.out(`Set its variables in your shell with: eval "$(replctl local env)"`);
    });

  local
    .command('down')
    .description('stop every process of the local environment and remove its data')
    .action(async (_options: unknown, command: Command) => {
      const root = await rootOf(command);
      const { downEnvironment } = await import('../../local/environment.js');
      const removed = await downEnvironment(root);
      processOutput().out(
        removed
          ? `Removed the local environment in ${displayPath(root)}`
          : `No local environment in ${displayPath(root)}`,
      );
    });

  local
    .command('status')
    .description('show whether each component runs, with its address, version and pid')
    .action(async (_options: unknown, command: Command) => {
      const root = await rootOf(command);
      const { environmentStatus } = await import('../../local/environment-status.js');
      const status = await environmentStatus(root);
      const out = processOutput();
      if (!status) {
        out.out(`No local environment in ${displayPath(root)}: start one with replctl local up`);
        return;
      }
      if (!status.complete) out.out('Incomplete (an up is running, or crashed: the next up starts over)');
      printStatus(out, status);
      // A non-zero exit lets scripts write `replctl local status || replctl local up`.
      if (status.components.some((s) => !s.running)) {
        throw new ReplctlError(
          'not every component of the local environment runs: replctl local up starts them',
        );
      }
    });

  local
    .command('env')
    .description(`print the environment's connection variables as export lines: eval "$(replctl local env)"`)
    .action(async (_options: unknown, command: Command) => {
      const root = await rootOf(command);
      const { loadEnvironment } = await import('../../local/environment.js');
      const { environmentVariables, shellExports } = await import('../../local/environment-variables.js');
      // The one command that prints secrets: it exists to hand them to the shell.
      process.stdout.write(shellExports(environmentVariables(await loadEnvironment(root))));
    });

  local
    .command('restart')
    .description('restart the source or the target cluster (what a changed postmaster setting needs)')
    .argument('<cluster>', 'source or target', (value: string) => {
      if (value !== 'source' && value !== 'target')
        throw new InvalidArgumentError('expected source or target');
      return value;
    })
    .action(async (which: 'source' | 'target', _options: unknown, command: Command) => {
      const root = await rootOf(command);
      const { restartCluster } = await import('../../local/environment.js');
      const cluster = await restartCluster(root, which);
      processOutput().out(`Restarted the ${which} cluster (127.0.0.1:${cluster.port})`);
    });
}

interface UpCommandOptions {
  readonly pgVersion?: PostgresMajor;
  readonly sourceVersion?: PostgresMajor;
  readonly targetVersion?: PostgresMajor;
  readonly fresh?: boolean;
}

function parseMajor(value: string): PostgresMajor {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 12 || n > 18) {
    throw new InvalidArgumentError(`expected a PostgreSQL major version from 12 to 18, but got: ${value}`);
  }
  return n as PostgresMajor;
}

async function rootOf(command: Command): Promise<string> {
  const project = command.optsWithGlobals<{ project?: string }>().project ?? process.cwd();
  const { localRoot } = await import('../../local/environment.js');
  return localRoot(project);
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

function printStatus(out: Output, status: EnvironmentStatus): void {
  const c = out.colors;
  const rows = status.components.map((s) => [
    s.name,
    s.running ? c.green('running') : c.red('stopped'),
    s.address,
    s.detail,
    s.pid === undefined ? '' : `pid ${s.pid}`,
  ]);
  // Pad on the visible text: colour codes have no width.
  const plain = status.components.map((s) => [
    s.name,
    s.running ? 'running' : 'stopped',
    s.address,
    s.detail,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...plain.map((r) => r[i]!.length)));
  for (const [r, row] of rows.entries()) {
    const cells = row.map((cell, i) => (i < 4 ? cell + ' '.repeat(widths[i]! - plain[r]![i]!.length) : cell));
    out.out(`  ${cells.join('  ')}`.trimEnd());
  }
}
