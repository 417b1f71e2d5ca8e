import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import type { PreparedPlan } from '../workflow/prepare-plan.js';
import type { Output } from './output.js';

/**
 * A prepared plan in the chosen format, with what only the CLI knows: where the live state stands
 * in the changeset history, and whether a plan to the applied version means drift.
 */
export function renderPlan(
  prepared: PreparedPlan,
  format: 'text' | 'markdown' | 'json',
  output: Pick<Output, 'colors'>,
): string {
  const { plan } = prepared;
  if (format === 'json') return renderJson(plan);
  const notes = historyNotes(prepared);
  if (format === 'markdown') {
    return renderMarkdown(
      plan,
      notes.length > 0 ? { sections: [{ title: 'History', body: notes.join('\n\n') }] } : {},
    );
  }
  const text = renderText(plan, { colors: output.colors });
  return notes.length > 0 ? `${notes.map((n) => output.colors.yellow(n)).join('\n')}\n\n${text}` : text;
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
