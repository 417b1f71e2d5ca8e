import { renderFindingsMarkdown } from '../lint/render-findings-markdown.js';
import { formatCount } from '../render/count-format.js';
import { GITHUB_COMMENT_LIMIT, type MarkdownSection, renderMarkdown } from '../render/markdown.js';
import { codeFence, escapeMarkdown, inlineCode } from '../render/markdown-syntax.js';
import { safeBlock } from '../render/terminal-text.js';
import type { Review } from './prepare-review.js';
import {
  changesetsSentence,
  diffTitle,
  liveSentence,
  noDiffSentence,
  offlineLintSentence,
  offlineSentences,
} from './review-notes.js';

export interface ReviewMarkdownOptions {
  /** More sections for the same comment, after the desired-state diff and the lint findings. */
  readonly sections?: readonly MarkdownSection[];
  /** Default: GitHub's comment limit. */
  readonly maxLength?: number;
}

/** The diff is cut beyond this, so the plan keeps most of the comment. */
const MAX_DIFF_CHARS = 20_000;
/** Rows of the changesets table; a branch adding more is summarised. */
const MAX_LISTED_CHANGESETS = 30;

/**
 * The pull-request comment of `plan --base REF --format markdown`: which changesets the branch
 * adds, whether the plan is live or offline (said before anything else), then the plan with the
 * desired-state diff and the lint findings as its first sections. The whole stays within `maxLength`; what is cut says so.
 */
export function renderReviewMarkdown(review: Review, options: ReviewMarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const head = [
    `## replctl review: ${inlineCode(review.head.label)} against ${inlineCode(review.base.label)}`,
    escapeMarkdown(changesetsSentence(review)),
    ...changesetsTable(review),
    planNote(review),
  ].join('\n\n');
  const plan = review.plan.kind === 'live' ? review.plan.prepared.plan : review.plan.plan;
  const body = renderMarkdown(plan, {
    sections: [
      { title: diffTitle(review), body: diffBody(review) },
      { title: 'Lint findings', body: lintBody(review) },
      ...(options.sections ?? []),
    ],
    maxLength: maxLength - head.length - 2,
  });
  return `${head}\n\n${body}`;
}

function changesetsTable(review: Review): string[] {
  const rows = [
    ...review.changes.added.map((c) => ({
      change: 'added',
      version: c.version,
      file: inlineCode(c.file),
      description: c.description,
    })),
    ...review.changes.renamed.map((r) => ({
      change: 'renamed',
      version: r.head.version,
      file: `${inlineCode(r.base.file)} → ${inlineCode(r.head.file)}`,
      description: r.head.description,
    })),
  ];
  if (rows.length === 0) return [];
  const shown = rows.slice(0, MAX_LISTED_CHANGESETS);
  const more = rows.length - shown.length;
  return [
    [
      '| Change | Version | File | Description |',
      '| :-- | --: | :-- | :-- |',
      ...shown.map((r) => `| ${r.change} | ${r.version} | ${r.file} | ${escapeMarkdown(r.description)} |`),
      ...(more > 0 ? [`| … | | _and ${formatCount(more)} more_ | |`] : []),
    ].join('\n'),
  ];
}

function planNote(review: Review): string {
  if (review.plan.kind === 'live') {
    return [
      '> [!NOTE]',
      `> ${escapeMarkdown(liveSentence(review, review.plan.prepared.appliedVersion))}`,
    ].join('\n');
  }
  const [first, ...rest] = offlineSentences(review, review.plan.reason);
  const paragraphs = [`> **${escapeMarkdown(first!)}**`, ...rest.map((s) => `> ${escapeMarkdown(s)}`)];
  return `> [!CAUTION]\n${paragraphs.join('\n>\n')}`;
}

function lintBody(review: Review): string {
  return review.plan.kind === 'live'
    ? renderFindingsMarkdown(review.plan.prepared.findings)
    : `_${escapeMarkdown(offlineLintSentence())}_`;
}

function diffBody(review: Review): string {
  if (review.diff === '') return `_${escapeMarkdown(noDiffSentence())}_`;
  const diff = safeBlock(review.diff).trimEnd();
  if (diff.length <= MAX_DIFF_CHARS) return codeFence(diff.trimEnd(), 'diff');
  const cut = diff.lastIndexOf('\n', MAX_DIFF_CHARS);
  const shown = diff.slice(0, cut > 0 ? cut : MAX_DIFF_CHARS);
  const lines = (text: string) => text.split('\n').length;
  return `${codeFence(shown, 'diff')}\n\n_Shortened: the first ${formatCount(lines(shown))} of ${formatCount(lines(diff))} lines of the diff are shown. Run ${inlineCode(`replctl plan --base ${review.base.label}`)} to see all of it._`;
}
