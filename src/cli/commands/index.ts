import type { Command } from 'commander';
import { registerApplyCommand } from './apply.js';
import { registerImportCommand } from './import.js';
import { registerJournalCommand } from './journal.js';
import { registerLintCommand } from './lint.js';
import { registerLocalCommand } from './local.js';
import { registerPlanCommand } from './plan.js';
import { registerRollbackCommand } from './rollback.js';
import { registerShowCommand } from './show.js';
import { registerStatusCommand } from './status.js';
import { registerValidateCommand } from './validate.js';
import { registerVerifyCommand } from './verify.js';

/**
 * Registers every command that works. Each command lives in its own file under this folder, declares
 * its options, and calls into the core library; `setExitCode` carries a non-zero result such as
 * plan's `--detailed-exitcode` 2.
 */
export function registerCommands(program: Command, setExitCode: (code: number) => void): void {
  registerValidateCommand(program, setExitCode);
  registerShowCommand(program, setExitCode);
  registerPlanCommand(program, setExitCode);
  registerApplyCommand(program, setExitCode);
  registerRollbackCommand(program, setExitCode);
  registerJournalCommand(program, setExitCode);
  registerImportCommand(program, setExitCode);
  registerLintCommand(program, setExitCode);
  registerStatusCommand(program, setExitCode);
  registerVerifyCommand(program, setExitCode);
  registerLocalCommand(program);
}
