import type { Action, Plan } from '../planner/plan.js';
import { awsInputJson } from './aws-input.js';
import { formatCount as count } from './count-format.js';
import { endpointRuns } from './endpoint-runs.js';
import { codeFence, details, escapeMarkdown, inlineCode } from './markdown-syntax.js';
import { type PlanDocument, type StepDocument, toPlanDocument } from './plan-document.js';
import { type ActionCounts, describeCounts, noChangesLine } from './plan-summary.js';
import { safeBlock } from './terminal-text.js';
import { describeWaitCondition } from './wait-condition.js';

/** GitHub refuses issue and pull-request comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Extra content for the same comment (lint findings, the desired-state diff): `body` is Markdown. */
export interface MarkdownSection {
  readonly title: string;
  readonly body: string;
}

export interface MarkdownOptions {
  /** Shown after the summary, before the steps, in this order. */
  readonly sections?: readonly MarkdownSection[];
  /** The most characters the comment may have; leave room here for anything the poster adds. */
  readonly maxLength?: number;
}

const FULL_PLAN_COMMAND = '`replctl plan --format text`';
/** Statements longer than this are cut (at a line end when possible); a single GRANT may name 10,000 tables. */
const MAX_CODE_CHARS = 6_000;
/** Code longer than this many lines is collapsed. */
const COLLAPSE_CODE_LINES = 15;
/** An endpoint run with more steps than this is collapsed. */
const COLLAPSE_RUN_STEPS = 10;
/** How many destructive steps the warning lists by name. */
const MAX_LISTED_DESTRUCTIVE = 20;
const MAX_REASONS = 3;

/**
 * The plan as a pull-request comment: a heading, a summary table per endpoint and action, destructive
 * steps in a warning, any extra sections, then each endpoint's steps with SQL and AWS calls in code
 * fences. When the whole does not fit in `maxLength` (GitHub's limit by default), whole steps are left
 * off the end and the comment says how many, and how to see them.
 */
export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const doc = toPlanDocument(plan);
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const title = `## replctl plan: ${inlineCode(doc.environment)} → changeset version ${doc.targetVersion}`;
  const footer = `<sub>replctl ${escapeMarkdown(doc.toolVersion)} · made ${escapeMarkdown(doc.createdAt)} · live state ${inlineCode(doc.liveFingerprint)}</sub>`;
  if (doc.steps.length === 0) {
    const blocks = [title, `**${noChangesLine(doc.targetVersion)}**`];
    const sections = fitSections(options.sections ?? [], maxLength - joinedLength([...blocks, footer]));
    return finish([...blocks, ...sections, footer]);
  }

  const head = [title, `**Plan:** ${escapeMarkdown(describeCounts(doc.summary))}.`, summaryTable(doc)];
  if (doc.summary.destructive > 0) head.push(destructiveWarning(doc));
  const sections = fitSections(options.sections ?? [], Math.floor(maxLength / 2) - joinedLength(head));
  const stepBlocks = doc.steps.map((step, i) => stepBlock(step, i + 1));
  const assemble = (shown: number): string => {
    const omitted = doc.steps.length - shown;
    const top =
      omitted === 0
        ? []
        : [`_Showing ${count(shown)} of ${count(doc.steps.length)} steps: see the note at the end._`];
    return finish([
      ...head,
      ...top,
      ...sections,
      '### Steps',
      ...stepsSection(doc, stepBlocks, shown),
      ...(omitted === 0 ? [] : [omissionNote(doc, shown, maxLength)]),
      footer,
    ]);
  };
  const all = assemble(doc.steps.length);
  if (all.length <= maxLength) return all;
  // The longest prefix of whole steps that fits; length grows with the number of steps shown.
  let low = 0;
  let high = doc.steps.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (assemble(mid).length <= maxLength) low = mid;
    else high = mid - 1;
  }
  return assemble(low);
}

function finish(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

function joinedLength(blocks: readonly string[]): number {
  return blocks.reduce((sum, b) => sum + b.length + 2, 0);
}

const COLUMNS: readonly [string, keyof ActionCounts][] = [
  ['Steps', 'steps'],
  ['`+` add', 'add'],
  ['`~` change', 'change'],
  ['`-` destroy', 'destroy'],
  ['restart', 'restart'],
  ['wait', 'wait'],
  ['manual', 'manual'],
  ['destructive', 'destructive'],
];

function summaryTable(doc: PlanDocument): string {
  const row = (label: string, counts: ActionCounts) =>
    `| ${label} | ${COLUMNS.map(([, key]) => count(counts[key])).join(' | ')} |`;
  return [
    `| Endpoint | ${COLUMNS.map(([name]) => name).join(' | ')} |`,
    `| :-- | ${COLUMNS.map(() => '--:').join(' | ')} |`,
    ...doc.summary.byEndpoint.map((e) => row(`\`${e.endpoint}\``, e)),
    ...(doc.summary.byEndpoint.length > 1 ? [row('**Total**', doc.summary)] : []),
  ].join('\n');
}

function destructiveWarning(doc: PlanDocument): string {
  const destructive = doc.steps.flatMap((step, i) => (step.destructive ? [{ step, number: i + 1 }] : []));
  const listed = destructive
    .slice(0, MAX_LISTED_DESTRUCTIVE)
    .map(
      ({ step, number }) =>
        `> - step ${number} on \`${step.endpoint}\`: ${escapeMarkdown(step.summary)} (${inlineCode(step.id)})`,
    );
  const more = destructive.length - listed.length;
  return [
    '> [!WARNING]',
    `> **${count(destructive.length)} destructive ${destructive.length === 1 ? 'step' : 'steps'}.** \`replctl apply\` runs ${destructive.length === 1 ? 'it' : 'them'} only with \`--allow-destructive\`.`,
    '>',
    ...listed,
    ...(more > 0 ? [`> - and ${count(more)} more`] : []),
  ].join('\n');
}

/** Sections in order while they fit in `budget`; one that does not is named as omitted. */
function fitSections(sections: readonly MarkdownSection[], budget: number): string[] {
  let left = budget;
  return sections.map((section) => {
    const block = `### ${escapeMarkdown(section.title)}\n\n${section.body.trimEnd()}`;
    if (block.length + 2 <= left) {
      left -= block.length + 2;
      return block;
    }
    return `### ${escapeMarkdown(section.title)}\n\n_Omitted: ${count(section.body.length)} characters would not fit in this comment._`;
  });
}

function stepsSection(doc: PlanDocument, blocks: readonly string[], shown: number): string[] {
  const out: string[] = [];
  for (const run of endpointRuns(doc.steps)) {
    if (run.first > shown) break;
    const last = run.first + run.steps.length - 1;
    const range =
      run.steps.length === 1 ? `step ${count(run.first)}` : `steps ${count(run.first)}–${count(last)}`;
    const heading = `#### \`${run.endpoint}\` · ${range}`;
    const own = blocks.slice(run.first - 1, Math.min(last, shown));
    out.push(
      heading,
      run.steps.length > COLLAPSE_RUN_STEPS
        ? details(`${count(run.steps.length)} steps on ${run.endpoint} (${range})`, own.join('\n\n'))
        : own.join('\n\n'),
    );
  }
  return out;
}

function omissionNote(doc: PlanDocument, shown: number, maxLength: number): string {
  const total = doc.steps.length;
  const omitted = total - shown;
  const limit =
    maxLength === GITHUB_COMMENT_LIMIT
      ? `GitHub's ${count(GITHUB_COMMENT_LIMIT)}-character comment limit`
      : `the ${count(maxLength)}-character limit`;
  return [
    '> [!NOTE]',
    `> **${count(omitted)} of ${count(total)} steps are omitted here** (steps ${count(shown + 1)}–${count(total)}) to stay under ${limit}. Run ${FULL_PLAN_COMMAND} to see the full plan.`,
  ].join('\n');
}

const GLYPH_LABEL: Readonly<Record<Action, string>> = {
  '+': '`+`',
  '~': '`~`',
  '-': '`-`',
  restart: '`restart`',
  wait: '`wait`',
  manual: '`manual`',
};

function stepBlock(step: StepDocument, number: number): string {
  const flags = [
    ...(step.destructive ? ['⚠️ **destructive**'] : []),
    ...(step.kind === 'sql' && !step.transactional ? ['outside a transaction'] : []),
  ];
  const reasons =
    step.reasons.length === 0
      ? ''
      : ` for ${step.reasons.slice(0, MAX_REASONS).map(inlineCode).join(', ')}${
          step.reasons.length > MAX_REASONS ? ` and ${count(step.reasons.length - MAX_REASONS)} more` : ''
        }`;
  const lines = [
    `**${count(number)}.** ${GLYPH_LABEL[step.action]} ${escapeMarkdown(step.summary)}${flags.map((f) => ` · ${f}`).join('')}`,
    `<sub>${inlineCode(step.id)}${reasons}</sub>`,
  ];
  const body = stepBody(step);
  return body === undefined ? lines.join('\n') : `${lines.join('\n')}\n\n${body}`;
}

function stepBody(step: StepDocument): string | undefined {
  switch (step.kind) {
    case 'sql':
      return code(step.sql, 'sql', 'SQL');
    case 'aws':
      return `${inlineCode(step.operation)}\n\n${code(awsInputJson(step.input), 'json', `${step.operation} input`)}`;
    case 'restart':
      return undefined;
    case 'wait':
      return `Waits ${escapeMarkdown(describeWaitCondition(step.condition))}.`;
    case 'manual':
      return code(step.instruction, 'text', 'Instruction');
  }
}

/** A fenced block, cut when very long and collapsed when tall. */
function code(text: string, language: string, label: string): string {
  const safe = safeBlock(text);
  const shown = cut(safe, MAX_CODE_CHARS);
  const lines = shown.split('\n').length;
  const fence = codeFence(shown.length === safe.length ? shown : `${shown}…`, language);
  const block =
    lines > COLLAPSE_CODE_LINES
      ? details(`${label} (${count(safe.split('\n').length)} lines)`, fence)
      : fence;
  if (shown.length === safe.length) return block;
  return `${block}\n\n_Shortened: the first ${count(shown.length)} of ${count(safe.length)} characters are shown. Run ${FULL_PLAN_COMMAND} to see all of it._`;
}

/** The head of `text`, at most `max` characters, ending at a line break when one is near. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const lineEnd = text.lastIndexOf('\n', max);
  if (lineEnd > max / 2) return text.slice(0, lineEnd);
  // Never split a surrogate pair.
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}
