import { type Colors, noColors } from '../render/colors.js';
import { safeLine } from '../render/terminal-text.js';
import type { VerifyReport } from './verify-report.js';

/** `replctl verify` for a terminal: the wait, a line per table, each difference, a total. */
export function renderVerifyText(report: VerifyReport, c: Colors = noColors): string {
  const { catchUp } = report;
  const seconds = (catchUp.waitedMs / 1000).toFixed(1);
  const lines = [
    catchUp.caughtUp
      ? `Waited ${seconds} s: every subscriber has confirmed the source's WAL position ${catchUp.lsn}.`
      : c.yellow(
          `Stopped waiting after ${seconds} s; not caught up to the source's WAL position ${catchUp.lsn}: ${catchUp.behind
            .map((b) => `${safeLine(b.subscription)} (${safeLine(b.reason)})`)
            .join('; ')}. Rows still in flight may show as differences.`,
        ),
    '',
  ];
  for (const t of report.tables) {
    const counts =
      t.sourceRows === null
        ? ''
        : `  ${t.sourceRows} rows${t.chunks > 1 ? ` in ${t.chunks} key ranges` : ''}`;
    lines.push(`  ${t.equal ? c.green('equal    ') : c.red('DIFFERENT')}  ${safeLine(t.table)}${counts}`);
    for (const d of t.differences) lines.push(`             ${c.red('-')} ${safeLine(d)}`);
  }
  if (report.tables.length === 0) lines.push('  (no replicated tables to compare)');
  const different = report.tables.filter((t) => !t.equal).length;
  lines.push(
    '',
    report.equal
      ? c.green(`Verified ${report.tables.length} tables: source and target are equal.`)
      : c.red(
          `Verified ${report.tables.length} tables: ${different} different${catchUp.caughtUp ? '' : ', and the subscribers had not caught up'}.`,
        ),
  );
  return `${lines.join('\n')}\n`;
}
