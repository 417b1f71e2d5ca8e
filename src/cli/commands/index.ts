import type { Command } from 'commander';
import { registerLocalCommand } from './local.js';
import { registerShowCommand } from './show.js';
import { registerValidateCommand } from './validate.js';

/**
 * Registers every command that works. Each command lives in its own file under this folder, declares
 * its options, and calls into the core library; `setExitCode` carries a non-zero result such as
 * plan's `--detailed-exitcode` 2.
 */
export function registerCommands(program: Command, setExitCode: (code: number) => void): void {
  registerLocalCommand(program);
  registerValidateCommand(program, setExitCode);
  registerShowCommand(program, setExitCode);
  void setExitCode;
}
