import { DEFAULT_PARALLEL } from '../src/apply/apply-options.js';
import type { BenchResult, PlanFigures, SizeResult } from './bench-result.js';

const ms = (value: number) => `${Math.round(value)}`;
const ratio = (value: number) => value.toFixed(2);
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)}`;
/** CPU stolen by the machine's host, in percent; `-` where it cannot be read. */
const stolen = (percent: number | undefined) => (percent === undefined ? '-' : percent.toFixed(1));
/** A projected figure is marked wherever it is shown. */
const PROJECTED = '*';

/** Columns padded to their widest cell, numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.some((r) => r.length !== header.length)) throw new Error('a report row does not fit its header');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const queries = (p: PlanFigures) => `${p.best.queries.source}/${p.best.queries.target}/${p.best.queries.rds}`;

/** The sizes measured at `rttMs`, smallest first. */
const atRtt = (sizes: readonly SizeResult[], rttMs: number) =>
  sizes.filter((s) => s.rttMs === rttMs).sort((a, b) => a.tables - b.tables);

/** The RTT the summary line reports: the first one asked for. */
const primaryRtt = (result: BenchResult) => result.rttsMs[0] ?? result.sizes[0]!.rttMs;

const measuredRtt = (s: SizeResult) => (s.network ? s.network.measuredRttMs.toFixed(2) : '0');

function planRows(sizes: readonly SizeResult[]): string[][] {
  return sizes.flatMap((s) => {
    const series = (rtt: string, fresh: PlanFigures, afterApply: PlanFigures, incremental: PlanFigures) =>
      (
        [
          ['fresh', fresh],
          ['after apply', afterApply],
          ['one more table', incremental],
        ] as const
      ).map(([what, p]) => [
        String(s.tables),
        rtt,
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
        stolen(p.stealPercent),
      ]);
    const loopback = s.loopbackPlans;
    return [
      ...series(String(s.rttMs), s.planFresh, s.planAfterApply, s.planIncremental),
      ...(loopback
        ? series(`0 (beside ${s.rttMs})`, loopback.fresh, loopback.afterApply, loopback.incremental)
        : []),
    ];
  });
}

const perObjectMs = (s: SizeResult) =>
  `${ms(s.apply.perObjectMs)}${s.apply.perObjectProjected ? PROJECTED : ''}`;
const speedup = (s: SizeResult) =>
  `${ratio(s.apply.perObjectSpeedup)}${s.apply.perObjectProjected ? PROJECTED : ''}`;

function applyRows(sizes: readonly SizeResult[]): string[][] {
  return sizes.map((s) => [
    String(s.tables),
    String(s.rttMs),
    ms(s.apply.replctl.workMs),
    String(s.apply.replctl.statements),
    ms(s.apply.minimalMs),
    String(s.apply.minimalStatements),
    ratio(s.apply.ratio),
    perObjectMs(s),
    String(s.apply.perObjectStatements),
    speedup(s),
    ms(s.apply.replctl.waitsMs),
    ms(s.applySettings.wallMs - s.applySettings.waitsMs),
    ms(s.applySettings.waitsMs),
    [s.apply.stealPercent?.replctl, s.apply.stealPercent?.minimal, s.apply.stealPercent?.perObject]
      .map(stolen)
      .join('/'),
  ]);
}

/** What each latency proxy added to a `SELECT 1` round trip, before and after the measurements. */
function networkRows(sizes: readonly SizeResult[]): string[][] {
  return sizes.flatMap((s) => {
    const n = s.network;
    if (!n) return [];
    const added = (before: number, after: number) => `${before.toFixed(2)} / ${after.toFixed(2)}`;
    return [
      [
        String(s.rttMs),
        String(s.tables),
        added(n.before.source.addedMs, n.after.source.addedMs),
        added(n.before.target.addedMs, n.after.target.addedMs),
        added(n.before.source.addedMeanMs, n.after.source.addedMeanMs),
        added(n.before.target.addedMeanMs, n.after.target.addedMeanMs),
        n.measuredRttMs.toFixed(2),
      ],
    ];
  });
}

/** The figures design §9 bounds, one row per RTT, at the largest size. */
function byRttRows(result: BenchResult): string[][] {
  const largest = Math.max(...result.sizes.map((s) => s.tables));
  return result.sizes
    .filter((s) => s.tables === largest)
    .sort((a, b) => a.rttMs - b.rttMs)
    .map((s) => [
      String(s.rttMs),
      measuredRtt(s),
      ms(s.apply.replctl.workMs),
      ms(s.apply.minimalMs),
      perObjectMs(s),
      speedup(s),
      ratio(s.apply.ratio),
      ratio(s.planFresh.ratio),
      ratio((s.loopbackPlans?.fresh ?? s.planFresh).ratio),
    ]);
}

/**
 * The model "every statement waits one round trip more", applied to a loopback run's figures: a
 * projection (labelled so), to set beside what the proxies measured.
 */
function projection(result: BenchResult): string[] {
  const loopback = atRtt(result.sizes, 0).at(-1);
  if (loopback === undefined) return [];
  const { replctl, perObjectMs, perObjectStatements } = loopback.apply;
  const rtts = [...new Set([1, 10, 30, ...result.rttsMs.filter((r) => r > 0)])].sort((a, b) => a - b);
  const at = (rttMs: number) =>
    ratio((perObjectMs + perObjectStatements * rttMs) / (replctl.workMs + replctl.statements * rttMs));
  return [
    '',
    `Projected, not measured: the per-object speedup at ${loopback.tables} tables if every statement of the ` +
      `loopback run waited one more round trip: ${rtts.map((r) => `${at(r)} at ${r} ms`).join(', ')}.`,
  ];
}

/** How each figure grew from one size to the next at the same RTT, against how the table count grew. */
function scalingRows(result: BenchResult): string[][] {
  const times = (x: number, y: number) => `×${(y / x).toFixed(1)}`;
  return result.rttsMs.flatMap((rttMs) => {
    const sorted = atRtt(result.sizes, rttMs);
    return sorted.slice(1).map((s, i) => {
      const p = sorted[i]!;
      return [
        `${p.tables} -> ${s.tables}`,
        String(rttMs),
        times(p.tables, s.tables),
        times(p.planFresh.best.wallMs, s.planFresh.best.wallMs),
        times(p.planFresh.best.cpuMs, s.planFresh.best.cpuMs),
        times(p.planAfterApply.best.wallMs, s.planAfterApply.best.wallMs),
        times(p.apply.replctl.workMs, s.apply.replctl.workMs),
        times(p.apply.minimalMs, s.apply.minimalMs),
      ];
    });
  });
}

function projectedNote(sizes: readonly SizeResult[]): string[] {
  const projected = sizes.filter((s) => s.apply.perObjectProjected);
  if (projected.length === 0) return [];
  return [
    `${PROJECTED} projected, not measured: one statement per object ran on a sample of the tables ` +
      `(${projected.map((s) => `${s.apply.perObjectMeasured.tables} of ${s.tables} at ${s.rttMs} ms`).join(', ')}), ` +
      'since on all of them its round trips would have waited longer than the budget; the figure for all of ' +
      'them is its fixed part as measured plus its per-table part × tables / sample.',
  ];
}

/** The human-readable report: the proxies, one table for plan, one for apply, speedup by RTT. */
export function formatReport(result: BenchResult): string {
  const m = result.machine;
  const sizes = [...result.sizes].sort((a, b) => a.tables - b.tables || a.rttMs - b.rttMs);
  const network = networkRows(sizes);
  return [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${mb(m.memoryBytes)} MB, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}, data in ${m.dataDir}; ` +
      `load average ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end; ` +
      'stolen %: CPU time the host of this virtual machine ran others instead, during the measurement (/proc/stat steal)',
    ...(network.length > 0
      ? [
          '',
          'round trip added by the latency proxies (in front of the source, the target and the RDS API; ' +
            'SELECT 1 through them less straight, ms, before / after the measurements)',
          table(
            [
              'rtt ms',
              'tables',
              'source median',
              'target median',
              'source mean',
              'target mean',
              'measured (mean)',
            ],
            network,
          ),
        ]
      : []),
    '',
    `plan (best of ${result.repeats}; bound: its own catalog queries and RDS calls replayed alone over one connection each, ` +
      `one after the other, and all at once, through the same network; best of ${result.repeats})`,
    table(
      [
        'tables',
        'rtt ms',
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
        'stolen %',
      ],
      planRows(sizes),
    ),
    '',
    'apply of the initial setup (changesets 2-4; waits excluded) against hand-written SQL on fresh databases, ' +
      `all through the same network; replctl with --parallel ${DEFAULT_PARALLEL} (connections per database), ` +
      'the minimal and per-object SQL over one connection per database',
    table(
      [
        'tables',
        'rtt ms',
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
        'stolen % r/m/p',
      ],
      applyRows(sizes),
    ),
    ...projectedNote(sizes),
    '',
    `by round-trip time, at ${Math.max(...sizes.map((s) => s.tables))} tables`,
    table(
      [
        'rtt ms',
        'measured',
        'replctl ms',
        'minimal ms',
        'per-object ms',
        'speedup',
        'apply ratio',
        'plan ratio',
        'loopback plan ratio',
      ],
      byRttRows(result),
    ),
    ...projection(result),
    ...(new Set(sizes.map((s) => s.tables)).size > 1
      ? [
          '',
          'scaling',
          table(
            [
              'tables',
              'rtt ms',
              'growth',
              'plan fresh',
              'its cpu',
              'plan after apply',
              'apply',
              'minimal SQL',
            ],
            scalingRows(result),
          ),
        ]
      : []),
  ].join('\n');
}

/**
 * The last line, for scripts: at the first RTT asked for, the largest size's ratios, the plan's
 * query count at the smallest and the largest size, and the largest plan's peak memory; then that
 * RTT, as asked and as measured, the plan's ratio over loopback, whether the per-object figure was
 * measured or projected, and the per-object speedup at every RTT (`projected` after a projected one).
 */
export function summaryLine(result: BenchResult): string {
  const rttMs = primaryRtt(result);
  const sizes = atRtt(result.sizes, rttMs);
  const small = sizes[0]!;
  const large = sizes[sizes.length - 1]!;
  const plans = [large.planFresh, large.planAfterApply, large.planIncremental];
  const peak = Math.max(...plans.map((p) => p.best.maxRssBytes));
  const byRtt = result.rttsMs
    .map((r) => atRtt(result.sizes, r).at(-1)!)
    .map(
      (s) => `${s.rttMs}:${ratio(s.apply.perObjectSpeedup)}${s.apply.perObjectProjected ? 'projected' : ''}`,
    );
  return (
    `bench: tables=${large.tables} plan_ratio=${ratio(large.planFresh.ratio)} apply_ratio=${ratio(large.apply.ratio)} ` +
    `per_object_speedup=${ratio(large.apply.perObjectSpeedup)} ` +
    `plan_queries=${small.planFresh.queries}/${large.planFresh.queries} peak_mb=${mb(peak)} ` +
    `rtt_ms=${rttMs} measured_rtt_ms=${measuredRtt(large)} ` +
    `loopback_plan_ratio=${ratio((large.loopbackPlans?.fresh ?? large.planFresh).ratio)} ` +
    `per_object=${large.apply.perObjectProjected ? 'projected' : 'measured'} ` +
    `per_object_speedup_by_rtt=${byRtt.join(',')}`
  );
}
