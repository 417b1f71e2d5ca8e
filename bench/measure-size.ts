import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../src/local/environment-variables.js';
import { withClient } from '../src/local/with-client.js';
import { startLocalEnv, type TestLocalEnv } from '../test/support/local-env.js';
import type { ApplyMeasurement } from './apply-child.js';
import {
  type BenchNetwork,
  type NetworkProbe,
  openBenchNetwork,
  type ProxiedConnections,
} from './bench-network.js';
import { addOneMoreTable, writeBenchProject } from './bench-project.js';
import type { ApplyFigures, NetworkFigures, PlanFigures, SizeResult } from './bench-result.js';
import { benchTable, benchTables, createSourceSchemasSql, createSourceTablesSql } from './bench-tables.js';
import type { ChildBuild } from './build-children.js';
import { runChild } from './child-process.js';
import { prepareHandWrittenSetups, runHandWritten } from './hand-written-setups.js';
import { onInterrupt } from './interrupts.js';
import { loadAverage, stealWindow } from './machine.js';
import { describePlan, measurePlan } from './measure-plan.js';

export interface SizeOptions {
  readonly tables: number;
  /** Round-trip time the latency proxies add (0: none, plain loopback). */
  readonly rttMs: number;
  /** See BenchArgs.perObjectBudgetS. */
  readonly perObjectBudgetS: number;
  readonly repeats: number;
  /** The subscription copies the rows (and apply waits for it); else copy_data = false. */
  readonly copyData: boolean;
  /** Write a V8 CPU profile of every plan run into this directory. */
  readonly cpuProfileDir?: string;
  readonly children: ChildBuild;
  readonly log: (line: string) => void;
  /** Where the local environment's directory is made (see BenchArgs.dataDir). */
  readonly dataDir: string;
}

/** Source tables per transaction: a few hundred stay inside max_locks_per_transaction. */
const SOURCE_CHUNK = 500;

/** Round trips per table of one statement per object: BEGIN, statement, COMMIT for three objects. */
const PER_OBJECT_ROUND_TRIPS_PER_TABLE = 9;

/**
 * Everything measured for one table count at one round-trip time, on a local environment of its
 * own that is stopped (and its directory removed) whatever happens.
 */
export async function measureSize(options: SizeOptions): Promise<SizeResult> {
  const { tables: n, rttMs, log: logLine } = options;
  const log = (line: string) => logLine(`rtt=${rttMs}ms tables=${n}: ${line}`);
  const local = await startLocalEnv({ parentDir: options.dataDir });
  let network: BenchNetwork | undefined;
  const project = await mkdtemp(join(tmpdir(), 'replctl-bench-'));
  const cleanup = async () => {
    await network?.close();
    await local.stop();
    await rm(project, { recursive: true, force: true });
  };
  const forget = onInterrupt(cleanup);
  try {
    network = await openBenchNetwork(local, rttMs, options.children);
    log('creating the source tables');
    const sourceSetupMs = await createSourceTables(local, n);
    await prepareHandWrittenSetups(local);
    await writeBenchProject(project, {
      tables: n,
      rdsFamily: `postgres${local.pgVersion}`,
      restartCommand: restartCommand(local, options.children),
      copyData: options.copyData,
    });
    const net = network;
    const probeBefore = await net.probe();
    if (probeBefore) log(describeProbe('before', probeBefore));
    const childEnv = net.env(local.env);
    const measure = async (label: string, env: Readonly<Record<string, string>>) => {
      const figures = await measurePlan({
        project,
        env,
        repeats: options.repeats,
        children: options.children,
        ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
      });
      log(describePlan(label, figures));
      return figures;
    };
    /** Through the network, and at RTT > 0 straight over loopback as well (plans change nothing). */
    const plan = async (label: string): Promise<readonly [PlanFigures, PlanFigures | undefined]> => [
      await measure(label, childEnv),
      rttMs === 0 ? undefined : await measure(`${label}, over loopback`, local.env),
    ];

    const [planFresh, loopbackFresh] = await plan('plan on the fresh state');
    log('apply changeset 1 (settings, restart, RDS parameter group, reboot)');
    const applySettings = await applyChild(options.children, project, childEnv, 1);
    log('apply changesets 2-4 (role, grants, publication, tables, subscription)');
    const replctlStolen = stealWindow();
    const replctlApply = await applyChild(options.children, project, childEnv);
    const replctlSteal = replctlStolen();
    const replctlLoad = loadAverage();
    const [planAfterApply, loopbackAfterApply] = await plan('plan after apply');
    for (const p of [planAfterApply, loopbackAfterApply])
      if (p !== undefined && p.best.steps !== 0)
        throw new Error(`the plan after apply should be empty, but has ${p.best.steps} steps`);

    const extra = benchTable(n);
    await withClient(local.sourceUrl, (c) => c.query(createSourceTablesSql(n, 1)));
    await addOneMoreTable(project, extra);
    const [planIncremental, loopbackIncremental] = await plan('plan after one table is added');

    log('the minimal batched SQL');
    const minimalLoad = loadAverage();
    const minimalStolen = stealWindow();
    const minimal = await runHandWritten(local, 'minimal', benchTables(n), net);
    const minimalSteal = minimalStolen();
    const sample = perObjectSample(n, rttMs, options.perObjectBudgetS);
    log(
      sample === n
        ? 'one statement per object'
        : `one statement per object, on ${sample} of the ${n} tables (its round trips would wait ` +
            `${Math.round((PER_OBJECT_ROUND_TRIPS_PER_TABLE * n * rttMs) / 1000)} s on all of them; ` +
            `the budget is ${options.perObjectBudgetS} s): the figure for all of them is projected`,
    );
    const perObjectLoad = loadAverage();
    const perObjectStolen = stealWindow();
    const perObject = await runHandWritten(local, 'per-object', benchTables(sample), net);
    const perObjectSteal = perObjectStolen();
    const probeAfter = await net.probe();
    if (probeAfter) log(describeProbe('after', probeAfter));
    const connections = await net.connections();

    const workMs = replctlApply.wallMs - replctlApply.waitsMs;
    const perObjectAll = projectToAllTables(perObject, sample, n);
    const apply: ApplyFigures = {
      replctl: { ...replctlApply, workMs },
      minimalMs: minimal.ms,
      minimalStatements: minimal.statements,
      perObjectMs: perObjectAll.ms,
      perObjectStatements: perObjectAll.statements,
      perObjectProjected: sample < n,
      perObjectMeasured: {
        tables: sample,
        ms: perObject.ms,
        perTableMs: perObject.perTableMs ?? perObject.ms,
        statements: perObject.statements,
      },
      ratio: workMs / minimal.ms,
      perObjectSpeedup: perObjectAll.ms / workMs,
      loadAverage: { replctl: replctlLoad, minimal: minimalLoad, perObject: perObjectLoad },
      stealPercent: { replctl: replctlSteal, minimal: minimalSteal, perObject: perObjectSteal },
    };
    log(
      `apply: replctl ${Math.round(workMs)} ms, minimal ${Math.round(minimal.ms)} ms, per object ` +
        `${Math.round(perObjectAll.ms)} ms${sample < n ? ' (projected)' : ''}; CPU stolen by the host ` +
        `${[replctlSteal, minimalSteal, perObjectSteal].map((p) => (p === undefined ? '-' : `${p} %`)).join(' / ')}`,
    );
    const postgres = await withClient(local.sourceUrl, async (c) =>
      String((await c.query('SHOW server_version')).rows[0]?.server_version),
    );
    return {
      tables: n,
      rttMs,
      ...(probeBefore && probeAfter && connections
        ? { network: networkFigures(probeBefore, probeAfter, connections) }
        : {}),
      postgres,
      sourceSetupMs,
      planFresh,
      applySettings,
      apply,
      planAfterApply,
      planIncremental,
      ...(loopbackFresh && loopbackAfterApply && loopbackIncremental
        ? {
            loopbackPlans: {
              fresh: loopbackFresh,
              afterApply: loopbackAfterApply,
              incremental: loopbackIncremental,
            },
          }
        : {}),
    };
  } finally {
    forget();
    await cleanup();
  }
}

/**
 * On how many tables one statement per object runs: all of them, unless its round trips alone
 * would wait longer than the budget (then as many as fit in it).
 */
export function perObjectSample(tables: number, rttMs: number, budgetS: number): number {
  if (rttMs === 0) return tables;
  const fit = Math.floor((budgetS * 1000) / (PER_OBJECT_ROUND_TRIPS_PER_TABLE * rttMs));
  return Math.min(tables, Math.max(1, fit));
}

/**
 * The per-object figures for all `tables` from a run on the first `sample`: its fixed part (role,
 * publication, database, schemas, subscription, connections) as measured, its per-table part
 * scaled by tables / sample. Statements: 9 per table more.
 */
function projectToAllTables(
  run: { readonly ms: number; readonly perTableMs?: number; readonly statements: number },
  sample: number,
  tables: number,
): { readonly ms: number; readonly statements: number } {
  if (sample === tables) return run;
  const perTableMs = run.perTableMs ?? run.ms;
  return {
    ms: run.ms - perTableMs + (perTableMs * tables) / sample,
    statements: run.statements + PER_OBJECT_ROUND_TRIPS_PER_TABLE * (tables - sample),
  };
}

function networkFigures(
  before: NetworkProbe,
  after: NetworkProbe,
  connections: ProxiedConnections,
): NetworkFigures {
  // The mean, not the median: a long series of round trips (one statement per object) pays the mean.
  const added = [before.source, before.target, after.source, after.target].map((p) => p.addedMeanMs);
  return { before, after, measuredRttMs: added.reduce((a, b) => a + b, 0) / added.length, connections };
}

function describeProbe(when: string, p: NetworkProbe): string {
  const one = (r: NetworkProbe['source']) =>
    `+${r.addedMs.toFixed(2)} ms (mean +${r.addedMeanMs.toFixed(2)}, p90 +${r.addedP90Ms.toFixed(2)})`;
  return `round trip added by the proxies ${when}: source ${one(p.source)}, target ${one(p.target)}`;
}

/** The tables and their rows. */
async function createSourceTables(local: TestLocalEnv, n: number): Promise<number> {
  const started = performance.now();
  await withClient(local.sourceUrl, async (c) => {
    await c.query(createSourceSchemasSql());
    for (let first = 0; first < n; first += SOURCE_CHUNK) {
      await c.query(createSourceTablesSql(first, Math.min(SOURCE_CHUNK, n - first)));
    }
  });
  return performance.now() - started;
}

/** What `replctl local restart source` does, for this environment's directory. */
function restartCommand(local: TestLocalEnv, children: ChildBuild): string {
  return `${shellQuote(process.execPath)} ${shellQuote(children.script('restart-source.ts'))} ${shellQuote(local.root)}`;
}

async function applyChild(
  children: ChildBuild,
  project: string,
  env: Readonly<Record<string, string>>,
  toVersion?: number,
): Promise<ApplyMeasurement> {
  const args = toVersion === undefined ? [project] : [project, String(toVersion)];
  return (await runChild<ApplyMeasurement>(children.script('apply-child.ts'), args, { env })).value;
}
