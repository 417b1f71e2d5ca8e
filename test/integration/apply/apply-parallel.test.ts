import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyError, applyPlan, listRuns, listSteps } from '../../../src/apply/index.js';
import { withClient } from '../../../src/local/with-client.js';
import type { SqlStep } from '../../../src/planner/plan.js';
import {
  type EndpointUrls,
  localUrls,
  recordingProgress,
  urlEndpoints,
} from '../../support/apply-endpoints.js';
import { relationExists, sqlStep, testPlan } from '../../support/apply-plans.js';
import { rejection } from '../../support/apply-waiting.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

const metadata = { startedBy: 'tester', host: 'test-host' };
/** Two statements per transaction over two connections: every two-statement step is a unit. */
const twoAtOnce = { parallel: 2, maxStatementsPerTransaction: 4 } as const;

let local: TestLocalEnv;
let urls: EndpointUrls;

beforeAll(async () => {
  local = await startLocalEnv();
  urls = localUrls(local);
});
afterAll(async () => {
  await local?.stop();
});

/**
 * One line of PL/pgSQL (no `;` at a line end: it stays one statement) that watches the other
 * sessions running a statement with `marker`. `meet` is a rendezvous: wait until another one runs
 * (raise when none did within 10 s), say so in `application_name`, then wait until no other one is
 * still waiting, so the first to arrive cannot leave before the second has seen it. `outlast` then
 * waits until the others are gone. Activity is re-read on every turn.
 */
function probe(marker: string, then: 'meet' | 'outlast', raise?: string): string {
  const running = `state = 'active' AND query LIKE '%${marker}%' AND pid <> pg_backend_pid()`;
  const count = (where: string) =>
    `PERFORM pg_stat_clear_snapshot(); SELECT count(*) INTO n FROM pg_stat_activity WHERE ${where};`;
  const met = `${marker}-met`;
  const meet = [
    `FOR i IN 1..100 LOOP ${count(running)} EXIT WHEN n >= 1; PERFORM pg_sleep(0.1); END LOOP;`,
    `IF n < 1 THEN RAISE EXCEPTION 'ran alone'; END IF;`,
    `PERFORM set_config('application_name', '${met}', true);`,
    `FOR i IN 1..100 LOOP ${count(`${running} AND application_name <> '${met}'`)} EXIT WHEN n = 0; PERFORM pg_sleep(0.1); END LOOP;`,
  ].join(' ');
  const outlast = `FOR i IN 1..100 LOOP ${count(running)} EXIT WHEN n = 0; PERFORM pg_sleep(0.1); END LOOP;`;
  const fail = raise ? `RAISE EXCEPTION '${raise}';` : '';
  return `DO $p$ DECLARE n int; BEGIN ${meet} ${then === 'outlast' ? outlast : ''} ${fail} END $p$`;
}

function tableStep(id: string, table: string, then: string): SqlStep {
  return sqlStep(id, 'target', `CREATE TABLE ${table} (id int);\n${then}`, {
    postcondition: relationExists(table),
  });
}

const stepsOf = (runId: string) => withClient(local.targetUrl, (c) => listSteps(c, runId));

describe('independent SQL units', () => {
  it('run at once on two connections of one endpoint, and one at a time with parallel 1', async () => {
    const plan = testPlan(
      [
        tableStep('a', 'overlap_a', probe('overlap-probe', 'meet')),
        tableStep('b', 'overlap_b', probe('overlap-probe', 'meet')),
      ],
      { environment: 'overlap' },
    );
    const progress = recordingProgress();
    const result = await applyPlan(plan, urlEndpoints(urls), { metadata, progress, ...twoAtOnce });
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['a', 'done'],
      ['b', 'done'],
    ]);
    // Each step waited in its own transaction until it saw the other running: the journal agrees.
    const [a, b] = await stepsOf(result.runId);
    expect(a!.startedAt.getTime()).toBeLessThan(b!.finishedAt!.getTime());
    expect(b!.startedAt.getTime()).toBeLessThan(a!.finishedAt!.getTime());
    expect(
      progress.events.filter((e) => e.kind !== 'run-start' && e.kind !== 'run-end').map((e) => e.kind),
    ).toEqual(['step-start', 'step-start', 'step-end', 'step-end']);

    // One connection: the same plan's first step never meets the second.
    await withClient(local.targetUrl, (c) => c.query('DROP TABLE overlap_a, overlap_b'));
    const alone = await rejection(
      applyPlan(plan, urlEndpoints(urls), { metadata, parallel: 1, maxStatementsPerTransaction: 2 }),
    );
    expect(alone.message).toMatch(/step a failed: ran alone/);
  });

  it('stop cleanly when one fails: the other settles and is journaled, nothing new starts, a re-run converges', async () => {
    const env = 'parallel-failure';
    const steps = [
      // Outlasts b, so it commits after b failed.
      tableStep('a', 'settled_a', probe('failure-probe', 'outlast')),
      tableStep('b', 'failed_b', probe('failure-probe', 'meet', 'boom')),
      // Independent, but both connections are busy until b fails: it must then not start.
      sqlStep('c', 'target', 'CREATE TABLE never_c (id int)', { postcondition: relationExists('never_c') }),
    ];
    const error = await rejection(
      applyPlan(testPlan(steps, { environment: env }), urlEndpoints(urls), { metadata, ...twoAtOnce }),
    );
    expect(error).toBeInstanceOf(ApplyError);
    expect((error as ApplyError).stepId).toBe('b');
    expect(error.message).toMatch(/^step b failed: boom/);

    const [run] = await withClient(local.targetUrl, (c) => listRuns(c, { environment: env }));
    expect(run!.outcome).toBe('failed');
    const rows = await stepsOf(run!.id);
    expect(rows.map((r) => [r.stepId, r.status])).toEqual([
      ['a', 'done'],
      ['b', 'failed'],
    ]);
    expect(rows[0]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(rows[1]!.finishedAt!.getTime());
    const exists = await withClient(local.targetUrl, async (c) => {
      const { rows } = await c.query(
        `SELECT to_regclass('settled_a') IS NOT NULL AS a, to_regclass('failed_b') IS NOT NULL AS b,
                to_regclass('never_c') IS NOT NULL AS c`,
      );
      return rows[0];
    });
    expect(exists).toEqual({ a: true, b: false, c: false });

    // Fixed, the re-run skips what committed and does the rest.
    const fixed = [steps[0]!, tableStep('b', 'failed_b', 'SELECT 1'), steps[2]!];
    const rerun = await applyPlan(testPlan(fixed, { environment: env }), urlEndpoints(urls), {
      metadata,
      ...twoAtOnce,
    });
    expect(rerun.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['a', 'skipped'],
      ['b', 'done'],
      ['c', 'done'],
    ]);
  });

  it('report the failure earliest in plan order when two fail, whichever failed first', async () => {
    const steps = [
      // Fails after b has failed and gone.
      tableStep('a', 'late_a', probe('order-probe', 'outlast', 'late')),
      tableStep('b', 'early_b', probe('order-probe', 'meet', 'early')),
    ];
    const error = await rejection(
      applyPlan(testPlan(steps, { environment: 'parallel-order' }), urlEndpoints(urls), {
        metadata,
        ...twoAtOnce,
      }),
    );
    expect((error as ApplyError).stepId).toBe('a');
    expect(error.message).toMatch(/^step a failed: late/);
  });
});
