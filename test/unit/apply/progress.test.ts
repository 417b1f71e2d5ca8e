import { describe, expect, it } from 'vitest';
import { formatDuration, type ProgressEvent } from '../../../src/apply/progress.js';
import { lineProgress } from '../../../src/apply/progress-lines.js';
import { ttyProgress } from '../../../src/apply/progress-tty.js';

const events: ProgressEvent[] = [
  { kind: 'run-start', runId: 'r1', steps: 2, crashedRuns: ['r0'] },
  { kind: 'step-start', stepId: 'rds.wait', summary: 'wait for in-sync', index: 0, total: 2 },
  { kind: 'waiting', stepId: 'rds.wait', status: 'rebooting', elapsedMs: 1000, timeoutMs: 1_800_000 },
  { kind: 'waiting', stepId: 'rds.wait', status: 'rebooting', elapsedMs: 3000, timeoutMs: 1_800_000 },
  { kind: 'waiting', stepId: 'rds.wait', status: 'available', elapsedMs: 65_000, timeoutMs: 1_800_000 },
  { kind: 'step-end', stepId: 'rds.wait', status: 'done', durationMs: 65_000 },
  { kind: 'run-end', runId: 'r1', outcome: 'succeeded', durationMs: 70_000 },
];

describe('progress reporters', () => {
  it('lineProgress writes a line per state change, not per poll', () => {
    const lines: string[] = [];
    const reporter = lineProgress((line) => lines.push(line));
    for (const event of events) reporter.report(event);
    expect(lines).toEqual([
      'run r1: 2 step(s) (earlier run r0 crashed; resuming)',
      '[1/2] rds.wait: wait for in-sync',
      '  waiting: rebooting (1s of 30m00s)',
      '  waiting: available (1m05s of 30m00s)',
      '  done rds.wait in 1m05s',
      'run r1 succeeded after 1m10s',
    ]);
  });

  it('ttyProgress redraws one status line during a wait', () => {
    let out = '';
    const reporter = ttyProgress((text) => {
      out += text;
    });
    for (const event of events) reporter.report(event);
    expect(out).toBe(
      'run r1: 2 step(s) (earlier run r0 crashed; resuming)\n' +
        '[1/2] rds.wait: wait for in-sync\n' +
        '\r\x1b[2K  ⧗ rebooting (1s / 30m00s)' +
        '\r\x1b[2K  ⧗ rebooting (3s / 30m00s)' +
        '\r\x1b[2K  ⧗ available (1m05s / 30m00s)' +
        '\r\x1b[2K  done rds.wait in 1m05s\n' +
        'run r1 succeeded after 1m10s\n',
    );
  });

  it('names the step on every line, so steps running at once read apart', () => {
    const overlapping: ProgressEvent[] = [
      {
        kind: 'step-start',
        stepId: 'target.tables.create.1',
        summary: 'CREATE TABLE (250 tables)',
        index: 2,
        total: 9,
      },
      { kind: 'step-start', stepId: 'source.grant.r.select', summary: 'GRANT SELECT', index: 1, total: 9 },
      { kind: 'step-end', stepId: 'source.grant.r.select', status: 'done', durationMs: 400 },
      { kind: 'step-end', stepId: 'target.tables.create.1', status: 'done', durationMs: 1200 },
    ];
    const lines: string[] = [];
    const reporter = lineProgress((line) => lines.push(line));
    let out = '';
    const tty = ttyProgress((text) => {
      out += text;
    });
    for (const event of overlapping) {
      reporter.report(event);
      tty.report(event);
    }
    const expected = [
      '[3/9] target.tables.create.1: CREATE TABLE (250 tables)',
      '[2/9] source.grant.r.select: GRANT SELECT',
      '  done source.grant.r.select in 400ms',
      '  done target.tables.create.1 in 1s',
    ];
    expect(lines).toEqual(expected);
    expect(out).toBe(`${expected.join('\n')}\n`);
  });

  it('formats durations for people', () => {
    expect([250, 1500, 59_000, 61_000, 3_725_000].map(formatDuration)).toEqual([
      '250ms',
      '2s',
      '59s',
      '1m01s',
      '1h02m',
    ]);
  });
});
