import { ReplctlError } from '../errors.js';
import { blockingFindings, type Finding } from '../lint/finding.js';
import { safeLine } from '../render/terminal-text.js';

/**
 * apply's lint gate: refuses (exit 1, before any change) while an error finding is not waived by
 * the changeset, naming each one and how to waive it.
 */
export function assertNoBlockingFindings(findings: readonly Finding[]): void {
  const blocking = blockingFindings(findings);
  if (blocking.length === 0) return;
  const lines = blocking.map(
    (f) =>
      `  ${safeLine(f.ruleId)} on ${safeLine(f.object)}: ${safeLine(f.message)}\n    fix: ${safeLine(f.fix)}`,
  );
  const first = blocking[0]!;
  throw new ReplctlError(
    `lint found ${blocking.length} error${blocking.length === 1 ? '' : 's'}; nothing was changed:\n${lines.join('\n')}\n` +
      'Fix them, or waive one in a changeset with a reason, e.g. ' +
      `lint: { waive: { ${first.ruleId}: { ${JSON.stringify(first.object)}: "<why it is safe>" } } } (replctl lint shows them all).`,
  );
}
