import { renderFindingsMarkdown } from '../lint/render-findings-markdown.js';
import { renderFindingsText } from '../lint/render-findings-text.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import type { PreparedPlan } from '../workflow/prepare-plan.js';
import type { Output } from './output.js';

/**
 * A prepared plan in the chosen format, with what only the CLI knows: where the live state stands
 * in the changeset history, whether a plan to the applied version means drift, and the lint
 * findings (after the steps in text, a section in Markdown, a `findings` field in JSON).
 */
export function renderPlan(
  prepared: PreparedPlan,
  format: 'text' | 'markdown' | 'json',
  output: Pick<Output, 'colors'>,
): string {
  const { plan, findings } = prepared;
  if (format === 'json') return renderJson(plan, { findings });
  const notes = historyNotes(prepared);
  if (format === 'markdown') {
    const sections = [
      ...(notes.length > 0 ? [{ title: 'History', body: notes.join('\n\n') }] : []),
      ...(findings.length > 0 ? [{ title: 'Lint findings', body: renderFindingsMarkdown(findings) }] : []),
    ];
    return renderMarkdown(plan, { sections });
  }
  const text = renderText(plan, { colors: output.colors });
  const lint = findings.length > 0 ? `\n${renderFindingsText(findings, { colors: output.colors })}` : '';
  return `${notes.length > 0 ? `${notes.map((n) => output.colors.yellow(n)).join('\n')}\n\n` : ''}${text}${lint}`;
}

function historyNotes(prepared: PreparedPlan): string[] {
  const { appliedVersion, latestVersion, plan } = prepared;
  const notes: string[] = [];
  if (appliedVersion !== undefined) {
    notes.push(`Live at changeset version ${appliedVersion}; the latest is ${latestVersion}.`);
    if (appliedVersion === plan.targetVersion && plan.steps.length > 0) {
      notes.push(
        `Drift: the live state no longer matches version ${appliedVersion}, which was applied; this plan reverts the drift.`,
      );
    }
  }
  return notes;
}
