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
let dir: string;
let stdout: string;
let result: BenchResult;

/**
 * `npm run bench` at two small sizes, so the benchmark cannot rot: it must run end to end on a
 * fresh local environment per size and report figures of the documented shape. Times are not
 * asserted (they are the benchmark's to report, not a test's to judge).
 */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replctl-bench-smoke-'));
  const out = join(dir, 'bench.json');
  ({ stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'bench/bench.ts', '--tables', SIZES.join(','), '--repeats', '1', '--out', out],
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
    expect(result.formatVersion).toBe(1);
    expect(result.machine.cpus).toBeGreaterThan(0);
    expect(result.machine.memoryBytes).toBeGreaterThan(0);
    expect(result.machine.node).toBe(process.version);
    expect(result.machine.postgres).toMatch(/^\d+\.\d+/);
    expect(result.sizes.map((s) => s.tables)).toEqual([...SIZES]);
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
      const { replctl, minimalMs, perObjectMs, ratio, perObjectSpeedup } = size.apply;
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

  it('ends with the summary line for scripts', () => {
    const last = stdout.trimEnd().split('\n').at(-1)!;
    const m =
      /^bench: tables=50 plan_ratio=\d+\.\d\d apply_ratio=\d+\.\d\d per_object_speedup=\d+\.\d\d plan_queries=(\d+)\/(\d+) peak_mb=\d+$/.exec(
        last,
      );
    expect(m, last).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(stdout).toContain('apply of the initial setup');
    expect(stdout).toMatch(/^20 -> 50 +×2\.5 /m);
  });
});
