import type { BenchResult, PlanFigures, SizeResult } from './bench-result.js';

const ms = (value: number) => `${Math.round(value)}`;
const ratio = (value: number) => value.toFixed(2);
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)}`;

/** Columns padded to their widest cell, numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.some((r) => r.length !== header.length)) throw new Error('a report row does not fit its header');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const queries = (p: PlanFigures) => `${p.best.queries.source}/${p.best.queries.target}/${p.best.queries.rds}`;

function planRows(sizes: readonly SizeResult[]): string[][] {
  return sizes.flatMap((s) =>
    (
      [
        ['fresh', s.planFresh],
        ['after apply', s.planAfterApply],
        ['one more table', s.planIncremental],
      ] as const
    ).map(([what, p]) => [
      String(s.tables),
      what,
      String(p.best.steps),
      queries(p),
      ms(p.best.wallMs),
      ms(p.best.cpuMs),
      ms(p.lowerBoundMs),
      ratio(p.ratio),
      ms(p.concurrentBoundMs),
      ratio(p.concurrentRatio),
      ms(p.processMs),
      mb(p.best.maxRssBytes),
    ]),
  );
}

function applyRows(sizes: readonly SizeResult[]): string[][] {
  return sizes.map((s) => [
    String(s.tables),
    ms(s.apply.replctl.workMs),
    String(s.apply.replctl.statements),
    ms(s.apply.minimalMs),
    String(s.apply.minimalStatements),
    ratio(s.apply.ratio),
    ms(s.apply.perObjectMs),
    String(s.apply.perObjectStatements),
    ratio(s.apply.perObjectSpeedup),
    ms(s.apply.replctl.waitsMs),
    ms(s.applySettings.wallMs - s.applySettings.waitsMs),
    ms(s.applySettings.waitsMs),
  ]);
}

/**
 * What the statement counts say about a real network, where every statement waits one round trip
 * more (loopback has almost none): the per-object speedup projected at a few round-trip times.
 */
function projection(size: SizeResult): string {
  const { replctl, perObjectMs, perObjectStatements } = size.apply;
  const at = (rttMs: number) =>
    ratio((perObjectMs + perObjectStatements * rttMs) / (replctl.workMs + replctl.statements * rttMs));
  return (
    `Projected per-object speedup at ${size.tables} tables if every statement waited a network round trip ` +
    `(not measured; loopback has none): ${at(1)} at 1 ms, ${at(10)} at 10 ms, ${at(30)} at 30 ms.`
  );
}

/** How each figure grew from one size to the next, against how the table count grew. */
function scalingRows(sizes: readonly SizeResult[]): string[][] {
  const sorted = [...sizes].sort((a, b) => a.tables - b.tables);
  const times = (x: number, y: number) => `×${(y / x).toFixed(1)}`;
  return sorted.slice(1).map((s, i) => {
    const p = sorted[i]!;
    return [
      `${p.tables} -> ${s.tables}`,
      times(p.tables, s.tables),
      times(p.planFresh.best.wallMs, s.planFresh.best.wallMs),
      times(p.planFresh.best.cpuMs, s.planFresh.best.cpuMs),
      times(p.planAfterApply.best.wallMs, s.planAfterApply.best.wallMs),
      times(p.apply.replctl.workMs, s.apply.replctl.workMs),
      times(p.apply.minimalMs, s.apply.minimalMs),
    ];
  });
}

/** The human-readable report: one table for plan, one for apply. */
export function formatReport(result: BenchResult): string {
  const m = result.machine;
  return [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${mb(m.memoryBytes)} MB, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}; ` +
      `load average ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end`,
    '',
    `plan (best of ${result.repeats}; bound: its own catalog queries and RDS calls replayed alone over one connection each, ` +
      `one after the other, and all at once; best of ${result.repeats})`,
    table(
      [
        'tables',
        'state',
        'steps',
        'queries s/t/rds',
        'plan ms',
        'cpu ms',
        'bound ms',
        'ratio',
        'concurrent ms',
        'ratio',
        'process ms',
        'peak MB',
      ],
      planRows(result.sizes),
    ),
    '',
    'apply of the initial setup (changesets 2-4; waits excluded) against hand-written SQL on fresh databases',
    table(
      [
        'tables',
        'replctl ms',
        'stmts',
        'minimal ms',
        'stmts',
        'ratio',
        'per-object ms',
        'stmts',
        'speedup',
        'sync wait ms',
        'settings ms',
        'restart+reboot wait ms',
      ],
      applyRows(result.sizes),
    ),
    '',
    projection([...result.sizes].sort((a, b) => b.tables - a.tables)[0]!),
    ...(result.sizes.length > 1
      ? [
          '',
          'scaling',
          table(
            ['tables', 'growth', 'plan fresh', 'its cpu', 'plan after apply', 'apply', 'minimal SQL'],
            scalingRows(result.sizes),
          ),
        ]
      : []),
  ].join('\n');
}

/**
 * The last line, for scripts: the largest size's ratios, the plan's query count at the smallest
 * and the largest size, and the largest plan's peak memory.
 */
export function summaryLine(result: BenchResult): string {
  const sizes = [...result.sizes].sort((a, b) => a.tables - b.tables);
  const small = sizes[0]!;
  const large = sizes[sizes.length - 1]!;
  const plans = [large.planFresh, large.planAfterApply, large.planIncremental];
  const peak = Math.max(...plans.map((p) => p.best.maxRssBytes));
  return (
    `bench: tables=${large.tables} plan_ratio=${ratio(large.planFresh.ratio)} apply_ratio=${ratio(large.apply.ratio)} ` +
    `per_object_speedup=${ratio(large.apply.perObjectSpeedup)} ` +
    `plan_queries=${small.planFresh.queries}/${large.planFresh.queries} peak_mb=${mb(peak)}`
  );
}
