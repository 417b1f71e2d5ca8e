import { createInterface } from 'node:readline/promises';
import { ReplctlError } from '../errors.js';

/**
 * Terraform-style approval: on a terminal ask, and accept only `yes`; with no terminal refuse unless
 * `--auto-approve` was given (design §7), before anything changes.
 */
export async function confirmOrRefuse(what: string, autoApprove: boolean): Promise<void> {
  if (autoApprove) return;
  if (process.stdin.isTTY !== true) {
    throw new ReplctlError(
      `refusing to ${what} without confirmation: no terminal to ask on; pass --auto-approve (nothing was changed)`,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`\nDo you want to ${what}? Only 'yes' will be accepted: `);
    if (answer.trim() !== 'yes') throw new ReplctlError(`${what} cancelled; nothing was changed`);
  } finally {
    rl.close();
  }
}
