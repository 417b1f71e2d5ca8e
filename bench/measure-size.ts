import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../src/local/environment-variables.js';
import { withClient } from '../src/local/with-client.js';
import { startLocalEnv, type TestLocalEnv } from '../test/support/local-env.js';
import type { ApplyMeasurement } from './apply-child.js';
import { addOneMoreTable, writeBenchProject } from './bench-project.js';
import type { ApplyFigures, SizeResult } from './bench-result.js';
import { benchTable, benchTables, createSourceSchemasSql, createSourceTablesSql } from './bench-tables.js';
import type { ChildBuild } from './build-children.js';
import { runChild } from './child-process.js';
import { prepareHandWrittenSetups, runHandWritten } from './hand-written-setups.js';
import { onInterrupt } from './interrupts.js';
import { loadAverage } from './machine.js';
import { describePlan, measurePlan } from './measure-plan.js';

export interface SizeOptions {
  readonly tables: number;
  readonly repeats: number;
  /** The subscription copies the rows (and apply waits for it); else copy_data = false. */
  readonly copyData: boolean;
  /** Write a V8 CPU profile of every plan run into this directory. */
  readonly cpuProfileDir?: string;
  readonly children: ChildBuild;
  readonly log: (line: string) => void;
}

/** Source tables per transaction: a few hundred stay inside max_locks_per_transaction. */
const SOURCE_CHUNK = 500;

/**
 * Everything measured for one table count, on a local environment of its own that is stopped
 * (and its directory removed) whatever happens.
 */
export async function measureSize(options: SizeOptions): Promise<SizeResult> {
  const { tables: n, log } = options;
  const local = await startLocalEnv();
  const project = await mkdtemp(join(tmpdir(), 'replctl-bench-'));
  const cleanup = async () => {
    await local.stop();
    await rm(project, { recursive: true, force: true });
  };
  const forget = onInterrupt(cleanup);
  try {
    log(`tables=${n}: creating the source tables`);
    const sourceSetupMs = await createSourceTables(local, n);
    await prepareHandWrittenSetups(local);
    await writeBenchProject(project, {
      tables: n,
      rdsFamily: `postgres${local.pgVersion}`,
      restartCommand: restartCommand(local, options.children),
      copyData: options.copyData,
    });
    const childEnv = local.env;
    const plan = async (label: string) => {
      const figures = await measurePlan({
        project,
        env: childEnv,
        repeats: options.repeats,
        children: options.children,
        ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
      });
      log(describePlan(`${label} (tables=${n})`, figures));
      return figures;
    };

    const planFresh = await plan('plan on the fresh state');
    log(`tables=${n}: apply changeset 1 (settings, restart, RDS parameter group, reboot)`);
    const applySettings = await applyChild(options.children, project, childEnv, 1);
    log(`tables=${n}: apply changesets 2-4 (role, grants, publication, tables, subscription)`);
    const replctlApply = await applyChild(options.children, project, childEnv);
    const replctlLoad = loadAverage();
    const planAfterApply = await plan('plan after apply');
    if (planAfterApply.best.steps !== 0)
      throw new Error(`the plan after apply should be empty, but has ${planAfterApply.best.steps} steps`);

    const extra = benchTable(n);
    await withClient(local.sourceUrl, (c) => c.query(createSourceTablesSql(n, 1)));
    await addOneMoreTable(project, extra);
    const planIncremental = await plan('plan after one table is added');

    log(`tables=${n}: the minimal batched SQL`);
    const minimalLoad = loadAverage();
    const minimal = await runHandWritten(local, 'minimal', benchTables(n));
    log(`tables=${n}: one statement per object`);
    const perObjectLoad = loadAverage();
    const perObject = await runHandWritten(local, 'per-object', benchTables(n));

    const workMs = replctlApply.wallMs - replctlApply.waitsMs;
    const apply: ApplyFigures = {
      replctl: { ...replctlApply, workMs },
      minimalMs: minimal.ms,
      minimalStatements: minimal.statements,
      perObjectMs: perObject.ms,
      perObjectStatements: perObject.statements,
      ratio: workMs / minimal.ms,
      perObjectSpeedup: perObject.ms / workMs,
      loadAverage: { replctl: replctlLoad, minimal: minimalLoad, perObject: perObjectLoad },
    };
    const postgres = await withClient(local.sourceUrl, async (c) =>
      String((await c.query('SHOW server_version')).rows[0]?.server_version),
    );
    return {
      tables: n,
      postgres,
      sourceSetupMs,
      planFresh,
      applySettings,
      apply,
      planAfterApply,
      planIncremental,
    };
  } finally {
    forget();
    await cleanup();
  }
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
