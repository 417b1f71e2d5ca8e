import { renderFindingsText } from '../lint/render-findings-text.js';
import { type Colors, noColors } from '../render/colors.js';
import { safeBlock, safeLine } from '../render/terminal-text.js';
import { renderText } from '../render/text.js';
import type { Review } from './prepare-review.js';
import {
  changesetsSentence,
  diffTitle,
  liveSentence,
  noDiffSentence,
  offlineLintSentence,
  offlineSentences,
} from './review-notes.js';

/** `plan --base REF` for a terminal: the changesets, the whole desired-state diff, the plan, lint. */
export function renderReviewText(review: Review, colors: Colors = noColors): string {
  const c = colors;
  const lines = [c.bold(safeLine(changesetsSentence(review)))];
  for (const changeset of review.changes.added) {
    lines.push(
      `  ${c.green('+')} ${changeset.version}  ${safeLine(changeset.file)}  ${safeLine(changeset.description)}`,
    );
  }
  for (const { base, head } of review.changes.renamed) {
    lines.push(`  ${c.yellow('→')} ${head.version}  ${safeLine(base.file)} renamed ${safeLine(head.file)}`);
  }
  lines.push('', c.bold(safeLine(diffTitle(review))));
  if (review.diff === '') lines.push(noDiffSentence());
  for (const line of safeBlock(review.diff).split('\n')) {
    if (line === '') continue;
    lines.push(
      line.startsWith('+') && !line.startsWith('+++')
        ? c.green(line)
        : line.startsWith('-') && !line.startsWith('---')
          ? c.red(line)
          : line.startsWith('@@')
            ? c.cyan(line)
            : line,
    );
  }
  lines.push('');
  if (review.plan.kind === 'live') {
    const { plan, findings, appliedVersion } = review.plan.prepared;
    lines.push(c.bold(safeLine(liveSentence(review, appliedVersion))), '');
    return `${lines.join('\n')}\n${renderText(plan, { colors })}\n${renderFindingsText(findings, { colors })}`;
  }
  for (const sentence of offlineSentences(review, review.plan.reason))
    lines.push(c.yellow(safeLine(sentence)));
  lines.push('');
  return `${lines.join('\n')}\n${renderText(review.plan.plan, { colors })}\n${c.yellow(offlineLintSentence())}\n`;
}
