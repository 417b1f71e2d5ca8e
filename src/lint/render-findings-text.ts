import { type Colors, noColors } from '../render/colors.js';
import { safeLine } from '../render/terminal-text.js';
import type { Finding, Severity } from './finding.js';
import { describeFindings } from './findings-summary.js';

const INDENT = '    ';

/**
 * Findings for a terminal: a heading with the counts, then per finding its severity, rule id and
 * object, the message and the fix (and the waiver's reason), wrapped at `width` columns.
 */
export function renderFindingsText(
  findings: readonly Finding[],
  options: { readonly colors?: Colors; readonly width?: number } = {},
): string {
  const c = options.colors ?? noColors;
  const width = options.width ?? 100;
  const lines = [`${c.bold('Lint:')} ${describeFindings(findings)}.`];
  for (const f of findings) {
    const badge = SEVERITY_COLOR[f.severity](c)(f.severity.padEnd(7));
    lines.push(
      '',
      `  ${f.waived === undefined ? badge : c.dim(`${f.severity} (waived)`)} ${c.bold(safeLine(f.ruleId))}  ${safeLine(f.object)}`,
    );
    lines.push(...wrap(safeLine(f.message), width - INDENT.length).map((l) => `${INDENT}${l}`));
    lines.push(...wrap(`fix: ${safeLine(f.fix)}`, width - INDENT.length).map((l) => `${INDENT}${c.cyan(l)}`));
    if (f.waived !== undefined) lines.push(`${INDENT}${c.dim(`waived: ${safeLine(f.waived)}`)}`);
  }
  if (findings.some((f) => f.severity === 'error' && f.waived === undefined)) {
    const note =
      'Errors block `replctl apply`; waive one in a changeset with lint: { waive: { <rule-id>: { <object>: <reason> } } }.';
    lines.push('', ...wrap(note, width).map((l) => c.red(l)));
  }
  return `${lines.join('\n')}\n`;
}

const SEVERITY_COLOR: Readonly<Record<Severity, (c: Colors) => (s: string) => string>> = {
  error: (c) => c.red,
  warning: (c) => c.yellow,
  info: (c) => c.cyan,
};

/** Greedy word wrap; a word longer than the width stays whole on its own line. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
