import type { Action, Plan } from '../planner/plan.js';
import { awsInputYaml } from './aws-input.js';
import { type Colors, noColors } from './colors.js';
import { formatCount } from './count-format.js';
import { endpointRuns } from './endpoint-runs.js';
import { type PlanDocument, type StepDocument, toPlanDocument } from './plan-document.js';
import { describeCounts, noChangesLine } from './plan-summary.js';
import { safeBlock, safeLine } from './terminal-text.js';
import { describeWaitCondition } from './wait-condition.js';

export interface TextOptions {
  /** picocolors' `createColors(enabled)`; no colour when omitted. */
  readonly colors?: Colors;
}

/** How many reasons a step line lists before it says "and N more" (batched steps serve thousands). */
const MAX_REASONS = 3;
const BODY_INDENT = '      ';

/**
 * The plan for a terminal, Terraform-style: a header, the steps in execution order grouped into runs
 * per endpoint, each with its action glyph, summary and statement, then the `Plan: …` line.
 *
 * @example
 * renderText(plan, { colors: pc.createColors(process.stdout.isTTY) })
 */
export function renderText(plan: Plan, options: TextOptions = {}): string {
  return formatDocument(toPlanDocument(plan), options.colors ?? noColors);
}

function formatDocument(doc: PlanDocument, c: Colors): string {
  const lines = [
    `${c.dim('Environment:')} ${safeLine(doc.environment)}`,
    `${c.dim('Target:     ')} changeset version ${doc.targetVersion}`,
    `${c.dim('Made by:    ')} replctl ${safeLine(doc.toolVersion)} at ${safeLine(doc.createdAt)}`,
    '',
  ];
  if (doc.steps.length === 0) {
    lines.push(noChangesLine(doc.targetVersion));
    return `${lines.join('\n')}\n`;
  }
  lines.push('replctl will run these steps, in this order:', '');
  for (const run of endpointRuns(doc.steps)) {
    lines.push(c.bold(`${run.endpoint}:`));
    run.steps.forEach((step, i) => {
      lines.push(...formatStep(step, run.first + i, c), '');
    });
  }
  lines.push(`${c.bold('Plan:')} ${describeCounts(doc.summary)}.`);
  if (doc.summary.destructive > 0) {
    const n = doc.summary.destructive;
    lines.push(
      c.red(`${formatCount(n)} destructive ${n === 1 ? 'step' : 'steps'}: apply needs --allow-destructive.`),
    );
  }
  return `${lines.join('\n')}\n`;
}

const GLYPH: Readonly<Record<Action, (c: Colors) => (s: string) => string>> = {
  '+': (c) => c.green,
  '~': (c) => c.yellow,
  '-': (c) => c.red,
  restart: (c) => c.yellow,
  wait: (c) => c.cyan,
  manual: (c) => c.magenta,
};

function formatStep(step: StepDocument, number: number, c: Colors): string[] {
  const reasons =
    step.reasons.length === 0
      ? ''
      : ` (for ${step.reasons.slice(0, MAX_REASONS).map(safeLine).join(', ')}${
          step.reasons.length > MAX_REASONS ? ` and ${step.reasons.length - MAX_REASONS} more` : ''
        })`;
  const marker = step.destructive
    ? c.red(c.bold(`${step.action} (destructive)`))
    : GLYPH[step.action](c)(step.action);
  const outside = step.kind === 'sql' && !step.transactional ? ` ${c.dim('(outside a transaction)')}` : '';
  return [
    `  ${c.dim(`# ${number}. ${safeLine(step.id)}${reasons}`)}`,
    `  ${marker} ${safeLine(step.summary)}${outside}`,
    ...indent(body(step), BODY_INDENT),
  ];
}

function body(step: StepDocument): string[] {
  switch (step.kind) {
    case 'sql':
      return safeBlock(step.sql).split('\n');
    case 'aws':
      return [safeLine(step.operation), ...indent(safeBlock(awsInputYaml(step.input)).split('\n'), '  ')];
    case 'restart':
      return [];
    case 'wait':
      return [safeLine(describeWaitCondition(step.condition))];
    case 'manual':
      return safeBlock(step.instruction).split('\n');
  }
}

function indent(lines: readonly string[], prefix: string): string[] {
  return lines.map((line) => (line === '' ? '' : `${prefix}${line}`));
}
