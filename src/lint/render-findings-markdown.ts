import { escapeMarkdown, inlineCode } from '../render/markdown-syntax.js';
import type { Finding, Severity } from './finding.js';
import { describeFindings } from './findings-summary.js';

const ICON: Readonly<Record<Severity, string>> = { error: '🛑', warning: '⚠️', info: 'ℹ️' };

/**
 * Findings as the body of a Markdown section (a plan comment's "Lint findings", a review): the
 * counts, then one list item per finding with its rule id, object, message, fix and waiver.
 */
export function renderFindingsMarkdown(findings: readonly Finding[]): string {
  const head = `**${escapeMarkdown(describeFindings(findings))}.**${
    findings.some((f) => f.severity === 'error' && f.waived === undefined)
      ? ' Errors block `replctl apply` unless a changeset waives them (`lint: { waive: { <rule-id>: { <object>: <reason> } } }`).'
      : ''
  }`;
  const items = findings.map((f) => {
    const title =
      f.waived === undefined ? `${ICON[f.severity]} **${f.severity}**` : `~~${f.severity}~~ waived`;
    return [
      `- ${title} ${inlineCode(f.ruleId)} on ${inlineCode(f.object)}: ${escapeMarkdown(f.message)}`,
      `  <br>**Fix:** ${escapeMarkdown(f.fix)}`,
      ...(f.waived === undefined ? [] : [`  <br>**Waived:** ${escapeMarkdown(f.waived)}`]),
    ].join('\n');
  });
  return [head, ...(items.length > 0 ? [items.join('\n')] : [])].join('\n\n');
}
