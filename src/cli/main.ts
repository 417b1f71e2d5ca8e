import { Command, CommanderError } from 'commander';
import { ExitCode, ReplctlError } from '../errors.js';
import { toolVersion } from '../version.js';
import { registerCommands } from './commands/index.js';
import { colorsFor } from './output.js';

/**
 * Builds the CLI and runs it. Returns the exit code; only `bin/replctl.js` exits.
 * Commands throw ReplctlError (with an exit code) or return a code.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('replctl')
    .description('GitOps for PostgreSQL logical replication into Amazon RDS')
    .version(toolVersion(), '-V, --version')
    .option('-C, --project <dir>', 'directory holding replctl.yaml', process.cwd())
    .showHelpAfterError()
    // Commands own their options: `show --version K` must not reach the program's --version.
    // Program options such as -C therefore go before the command name.
    .enablePositionalOptions()
    .exitOverride();
  let code: number = ExitCode.ok;
  registerCommands(program, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    const red = colorsFor(process.stderr).red;
    if (error instanceof ReplctlError) {
      process.stderr.write(`${red('error:')} ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `${red('internal error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return ExitCode.error;
  }
}
