import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult, PlanFigures } from '../../bench/bench-result.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SIZES = [20, 50] as const;
/** Small, so the run stays short; any RTT > 0 puts the latency proxies in the path. */
const RTT_MS = 1;
/** Per object waits 9 × 20 × 1 ms at 20 tables (all measured), 9 × 50 × 1 ms at 50 (a sample, projected). */
const PER_OBJECT_BUDGET_S = 0.2;
let dir: string;
let stdout: string;
let result: BenchResult;

/**
 * `npm run bench` at two small sizes through the latency proxies, so the benchmark cannot rot: it
 * must run end to end on a fresh local environment per size and report figures of the documented
 * shape. Times are not asserted (they are the benchmark's to report, not a test's to judge).
 */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replctl-bench-smoke-'));
  const out = join(dir, 'bench.json');
  ({ stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/bench.ts',
      '--tables',
      SIZES.join(','),
      '--rtt-ms',
      String(RTT_MS),
      '--per-object-budget-s',
      String(PER_OBJECT_BUDGET_S),
      '--repeats',
      '1',
      '--out',
      out,
    ],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024, timeout: 900_000 },
  ));
  result = JSON.parse(await readFile(out, 'utf8')) as BenchResult;
}, 900_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const plans = (size: BenchResult['sizes'][number]) =>
  [
    ['fresh', size.planFresh],
    ['after apply', size.planAfterApply],
    ['one more table', size.planIncremental],
  ] as const;

function expectPlanShape(p: PlanFigures): void {
  expect(p.runs).toHaveLength(1);
  expect(p.best.wallMs).toBeGreaterThan(0);
  expect(p.best.cpuMs).toBeGreaterThan(0);
  expect(p.best.maxRssBytes).toBeGreaterThan(0);
  expect(p.queries).toBe(p.best.queries.source + p.best.queries.target + p.best.queries.rds);
  expect(p.best.queries.source).toBeGreaterThan(0);
  expect(p.best.queries.target).toBeGreaterThan(0);
  // The replay sends what the plan sent: its introspection (and the journal reads) per session.
  const replayed = p.lowerBound.statements.reduce((a, b) => a + b, 0);
  expect(replayed).toBeGreaterThanOrEqual(p.best.queries.source + p.best.queries.target);
  expect(p.lowerBound.rdsCalls).toBe(p.best.queries.rds);
  expect(p.lowerBound.replays).toHaveLength(1);
  expect(p.ratio).toBeCloseTo(p.best.wallMs / p.lowerBoundMs, 6);
  expect(p.concurrentRatio).toBeCloseTo(p.best.wallMs / p.concurrentBoundMs, 6);
}

describe('npm run bench', () => {
  it('describes the machine and measures every size', () => {
    expect(result.formatVersion).toBe(2);
    expect(result.machine.cpus).toBeGreaterThan(0);
    expect(result.machine.memoryBytes).toBeGreaterThan(0);
    expect(result.machine.node).toBe(process.version);
    expect(result.machine.postgres).toMatch(/^\d+\.\d+/);
    // The clusters' directory and its file system, from /proc/mounts (tmpfs or a disk's).
    expect(result.machine.dataDir).toMatch(/^\/.+ \((?!unknown\))[\w.]+\)$/);
    expect(result.sizes.map((s) => s.tables)).toEqual([...SIZES]);
    expect(result.rttsMs).toEqual([RTT_MS]);
    expect(result.sizes.map((s) => s.rttMs)).toEqual([RTT_MS, RTT_MS]);
  });

  it('puts every measured client behind the latency proxies and measures what they add', () => {
    for (const size of result.sizes) {
      const network = size.network!;
      for (const probe of [network.before, network.after]) {
        for (const p of [probe.source, probe.target]) {
          expect(p.samples).toBeGreaterThan(0);
          expect(Number.isFinite(p.addedMs)).toBe(true);
          expect(p.proxiedMedianMs).toBeGreaterThan(0);
        }
      }
      // Plans, applies and the hand-written SQL connected through them (the probes open 2 of these).
      expect(network.connections.source).toBeGreaterThan(2);
      expect(network.connections.target).toBeGreaterThan(2);
      expect(network.connections.rds).toBeGreaterThan(0);
    }
  });

  it('measures the same plans over loopback beside the proxied ones', () => {
    for (const size of result.sizes) {
      const loopback = size.loopbackPlans!;
      for (const [proxied, direct] of [
        [size.planFresh, loopback.fresh],
        [size.planAfterApply, loopback.afterApply],
        [size.planIncremental, loopback.incremental],
      ] as const) {
        expectPlanShape(direct);
        expect(direct.best.steps).toBe(proxied.best.steps);
        expect(direct.best.queries).toEqual(proxied.best.queries);
      }
    }
  });

  it('plans the fresh state, nothing after apply, and one table after one is added', () => {
    for (const size of result.sizes) {
      for (const [, p] of plans(size)) expectPlanShape(p);
      expect(size.planFresh.best.steps).toBeGreaterThan(0);
      expect(size.planAfterApply.best.steps).toBe(0);
      expect(size.planIncremental.best.steps).toBeGreaterThan(0);
    }
  });

  it('issues the same number of catalog queries whatever the number of tables', () => {
    const [small, large] = result.sizes;
    for (const [i, [what, p]] of plans(large!).entries()) {
      expect(p.best.queries, what).toEqual(plans(small!)[i]![1].best.queries);
      expect(p.lowerBound.statements, what).toEqual(plans(small!)[i]![1].lowerBound.statements);
    }
  });

  it('measures apply against the minimal batched SQL and one statement per object, waits apart', () => {
    for (const size of result.sizes) {
      const { replctl, minimalMs, perObjectMs, ratio, perObjectSpeedup, perObjectMeasured } = size.apply;
      expect(replctl.steps.map((s) => s.id)).toEqual(
        expect.arrayContaining([
          'source.grant.replicator.select',
          'source.publication.bench_publication.create',
          'target.tables.create',
          'target.subscription.bench_subscription.create',
        ]),
      );
      expect(replctl.workMs).toBeCloseTo(replctl.wallMs - replctl.waitsMs, 6);
      expect(minimalMs).toBeGreaterThan(0);
      expect(perObjectMs).toBeGreaterThan(0);
      // Per object: a GRANT, an ALTER PUBLICATION and a CREATE TABLE per table, in transactions of their own.
      expect(size.apply.perObjectStatements).toBeGreaterThanOrEqual(9 * size.tables);
      expect(perObjectMeasured.statements).toBeGreaterThanOrEqual(9 * perObjectMeasured.tables);
      expect(perObjectMeasured.perTableMs).toBeLessThanOrEqual(perObjectMeasured.ms);
      expect(size.apply.minimalStatements).toBeLessThan(20);
      expect(replctl.statements).toBeGreaterThan(0);
      expect(ratio).toBeCloseTo(replctl.workMs / minimalMs, 6);
      expect(perObjectSpeedup).toBeCloseTo(perObjectMs / replctl.workMs, 6);
      // Changeset 1 restarts the source and reboots the instance: those waits are reported apart.
      const kinds = size.applySettings.steps.map((s) => s.kind);
      expect(kinds).toEqual(expect.arrayContaining(['restart', 'wait', 'aws']));
      expect(size.applySettings.waitsMs).toBeGreaterThan(0);
    }
  });

  it.runIf(process.platform === 'linux')(
    'says how much CPU the host took away during each measurement (/proc/stat steal)',
    () => {
      for (const size of result.sizes) {
        const shares = [
          ...plans(size).map(([, p]) => p.stealPercent),
          size.apply.stealPercent?.replctl,
          size.apply.stealPercent?.minimal,
          size.apply.stealPercent?.perObject,
        ];
        for (const share of shares) {
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(100);
        }
      }
      expect(stdout).toContain('stolen % r/m/p');
    },
  );

  it('runs one statement per object on all tables within its budget, else on a sample it projects from', () => {
    const [small, large] = result.sizes;
    expect(small!.apply.perObjectProjected).toBe(false);
    expect(small!.apply.perObjectMeasured.tables).toBe(20);
    expect(small!.apply.perObjectMs).toBe(small!.apply.perObjectMeasured.ms);
    expect(large!.apply.perObjectProjected).toBe(true);
    expect(large!.apply.perObjectMeasured.tables).toBe(22);
    const m = large!.apply.perObjectMeasured;
    expect(large!.apply.perObjectMs).toBeCloseTo(m.ms - m.perTableMs + (m.perTableMs * 50) / 22, 6);
    // Marked wherever it is shown.
    expect(stdout).toContain('* projected, not measured');
  });

  it('ends with the summary line for scripts', () => {
    const last = stdout.trimEnd().split('\n').at(-1)!;
    const m =
      /^bench: tables=50 plan_ratio=\d+\.\d\d apply_ratio=\d+\.\d\d per_object_speedup=\d+\.\d\d plan_queries=(\d+)\/(\d+) peak_mb=\d+ rtt_ms=1 measured_rtt_ms=-?\d+\.\d\d loopback_plan_ratio=\d+\.\d\d per_object=projected per_object_speedup_by_rtt=1:\d+\.\d\dprojected$/.exec(
        last,
      );
    expect(m, last).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(stdout).toContain('round trip added by the latency proxies');
    expect(stdout).toContain('apply of the initial setup');
    expect(stdout).toMatch(/^20 -> 50 +1 +×2\.5 /m);
  });
});
