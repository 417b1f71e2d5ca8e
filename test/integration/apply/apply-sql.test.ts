import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyError,
  applyPlan,
  checkChangesetIntegrity,
  JOURNAL_SCHEMA_VERSION,
  journalVersion,
  listRuns,
  listSteps,
  migrateJournal,
  readAppliedChangesets,
} from '../../../src/apply/index.js';
import { withClient } from '../../../src/local/with-client.js';
import {
  connectUrl,
  type EndpointUrls,
  inDatabase,
  journalText,
  localUrls,
  recordingProgress,
  urlEndpoints,
} from '../../support/apply-endpoints.js';
import { dependingOn, relationExists, secret, sqlStep, testPlan } from '../../support/apply-plans.js';
import { rejection } from '../../support/apply-waiting.js';
import { startLocalEnv, type TestLocalEnv } from '../../support/local-env.js';

// A quote and a backslash, so escaped spellings of it are exercised too.
const SECRET = "s3cr3t-Pa'ss\\word";
const metadata = { startedBy: 'tester', host: 'test-host' };

let local: TestLocalEnv;
let urls: EndpointUrls;

beforeAll(async () => {
  local = await startLocalEnv();
  // The journal and the replicated database are one here; tests that need them apart override `target`.
  urls = localUrls(local);
});
afterAll(async () => {
  await local?.stop();
});

function endpoints(overrides: Partial<EndpointUrls> = {}) {
  return urlEndpoints({ ...urls, ...overrides }, { secrets: { APP_SECRET: SECRET } });
}

const onTarget = <T>(sql: string, params: unknown[] = []) =>
  withClient(local.targetUrl, async (c) => (await c.query(sql, params)).rows as T[]);

describe('journal', () => {
  it('is created on first use, versioned, and migrated once even by concurrent runs', async () => {
    const plan = testPlan([sqlStep('j1', 'target', 'CREATE TABLE journal_probe (id int)')], {
      environment: 'j',
    });
    await applyPlan(plan, endpoints(), { metadata, journalSchema: 'journal_fresh' });

    const tables = await onTarget<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'journal_fresh' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'applied_changesets',
      'lock_holder',
      'runs',
      'schema_version',
      'steps',
    ]);
    await withClient(local.targetUrl, async (c) => {
      expect(await journalVersion(c, 'journal_fresh')).toBe(JOURNAL_SCHEMA_VERSION);
      expect(await migrateJournal(c, 'journal_fresh')).toBe(JOURNAL_SCHEMA_VERSION);
      const versions = await c.query('SELECT version FROM journal_fresh.schema_version ORDER BY 1');
      expect(versions.rows.map((r) => r.version)).toEqual([1]);
    });

    // Two first runs at once: one creates, the other waits on the migration lock and finds it done.
    await Promise.all([
      withClient(local.targetUrl, (c) => migrateJournal(c, 'journal_race')),
      withClient(local.targetUrl, (c) => migrateJournal(c, 'journal_race')),
    ]);
    const raced = await onTarget<{ n: string }>('SELECT count(*) AS n FROM journal_race.schema_version');
    expect(Number(raced[0]!.n)).toBe(1);

    await onTarget('INSERT INTO journal_race.schema_version (version) VALUES (99)');
    await expect(withClient(local.targetUrl, (c) => migrateJournal(c, 'journal_race'))).rejects.toThrow(
      /at version 99, newer than this replctl supports/,
    );
    await expect(
      applyPlan(testPlan([], { environment: 'j' }), endpoints(), { metadata, journalSchema: 'journal_race' }),
    ).rejects.toThrow(/newer than this replctl supports/);
  });

  it('reads as empty where there is no journal yet', async () => {
    await withClient(local.targetUrl, async (c) => {
      expect(await listRuns(c, { schema: 'no_such_journal' })).toEqual([]);
      expect(await readAppliedChangesets(c, 'x', { schema: 'no_such_journal' })).toEqual([]);
    });
  });
});

describe('transactional batches', () => {
  it('commits adjacent steps in one transaction together with their journal rows', async () => {
    const plan = testPlan(
      [
        sqlStep('b1', 'target', 'CREATE TABLE batch_a (id int)'),
        sqlStep(
          'b2',
          'target',
          'CREATE TABLE batch_b (id int) -- a trailing comment must not eat the separator',
        ),
        sqlStep('b3', 'target', 'INSERT INTO batch_a VALUES (1)'),
      ],
      { environment: 'batch-shared' },
    );
    const result = await applyPlan(plan, endpoints(), { metadata });
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['b1', 'done'],
      ['b2', 'done'],
      ['b3', 'done'],
    ]);
    // Same transaction id on the created table and on the step rows: work and record committed together.
    const [table] = await onTarget<{ x: string }>(
      `SELECT xmin::text AS x FROM pg_class WHERE oid = 'batch_a'::regclass`,
    );
    const rows = await onTarget<{ x: string; status: string }>(
      'SELECT xmin::text AS x, status FROM replctl.steps WHERE run_id = $1',
      [result.runId],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toEqual({ x: table!.x, status: 'done' });
  });

  it('journals intent and done around a batch in another database, after CREATE DATABASE in autocommit', async () => {
    const plan = testPlan(
      [
        sqlStep('db', 'target-admin', 'CREATE DATABASE app_sep', { transactional: false }),
        dependingOn(sqlStep('t1', 'target', 'CREATE TABLE sep_a (id int)'), 'db'),
        dependingOn(sqlStep('t2', 'target', 'CREATE TABLE sep_b (id int)'), 'db'),
      ],
      { environment: 'batch-separate' },
    );
    const result = await applyPlan(plan, endpoints({ target: inDatabase(local.targetUrl, 'app_sep') }), {
      metadata,
    });
    expect(result.steps.every((s) => s.status === 'done')).toBe(true);
    const tables = await withClient(
      inDatabase(local.targetUrl, 'app_sep'),
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('sep_a', 'sep_b')`))
          .rows,
    );
    expect(tables[0]!.n).toBe(2);
    const steps = await withClient(local.targetUrl, (c) => listSteps(c, result.runId));
    expect(steps.map((s) => [s.stepId, s.status, s.endpoint])).toEqual([
      ['db', 'done', 'target-admin'],
      ['t1', 'done', 'target'],
      ['t2', 'done', 'target'],
    ]);
    expect(steps[1]!.note).toMatch(/one transaction with 1 other/);

    // The same statement in a transaction is refused by PostgreSQL: the flag is what keeps it alone.
    const refused = await rejection(
      applyPlan(
        testPlan([sqlStep('db2', 'target-admin', 'CREATE DATABASE app_sep2')], {
          environment: 'batch-separate',
        }),
        endpoints(),
        { metadata },
      ),
    );
    expect(refused.message).toMatch(/cannot run inside a transaction block/);
  });

  it('rolls back the whole batch when a statement fails and journals the failure without the secret', async () => {
    const progress = recordingProgress();
    const plan = testPlan(
      [
        sqlStep('f1', 'target', 'CREATE TABLE fail_a (id int)'),
        sqlStep('f2', 'target', ['CREATE ROLE fail_role LOGIN PASSWORD ', secret('APP_SECRET')]),
        sqlStep('f3', 'target', ['SELECT ', secret('APP_SECRET'), '::int']),
        sqlStep('f4', 'target', 'CREATE TABLE fail_b (id int)'),
      ],
      { environment: 'batch-fail' },
    );
    const error = await rejection(applyPlan(plan, endpoints(), { metadata, progress }));
    expect(error).toBeInstanceOf(ApplyError);
    expect(error.exitCode).toBe(1);
    expect((error as ApplyError).stepId).toBe('f3');
    expect(error.message).toMatch(/step f3 failed: invalid input syntax for type integer: "<redacted>"/);
    expect(error.message).toMatch(/re-run `replctl apply` to resume/);
    expect(error.message).not.toContain('s3cr3t');

    const [present] = await onTarget<{ a: string | null; role: boolean }>(
      `SELECT to_regclass('fail_a')::text AS a, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fail_role') AS role`,
    );
    expect(present).toEqual({ a: null, role: false });

    const runId = (error as ApplyError).runId!;
    const steps = await withClient(local.targetUrl, (c) => listSteps(c, runId));
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['f1', 'failed'],
      ['f2', 'failed'],
      ['f3', 'failed'],
      ['f4', 'failed'],
    ]);
    expect(steps[0]!.note).toMatch(/rolled back with the batch, which failed at f3/);
    expect(steps[2]!.error).toMatch(/invalid input syntax.*<redacted>/);
    expect(steps[1]!.statement).toBe('CREATE ROLE fail_role LOGIN PASSWORD <secret env:APP_SECRET>');
    const [run] = await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'batch-fail' }));
    expect(run).toMatchObject({ id: runId, outcome: 'failed', startedBy: 'tester', host: 'test-host' });
    expect(run!.finishedAt).toBeInstanceOf(Date);

    expect(await journalText(local.targetUrl)).not.toContain('s3cr3t');
    expect(JSON.stringify(progress.events)).not.toContain('s3cr3t');
  });

  it('fails a step whose postcondition does not hold after it ran', async () => {
    const plan = testPlan(
      [
        sqlStep('p1', 'target', 'CREATE TABLE pc_a (id int)', {
          postcondition: relationExists('pc_nowhere'),
        }),
      ],
      { environment: 'postcondition' },
    );
    const error = await rejection(applyPlan(plan, endpoints(), { metadata }));
    expect(error.message).toMatch(
      /step p1 failed: the statement ran, but the step's postcondition does not hold/,
    );
    expect((await onTarget<{ a: string | null }>(`SELECT to_regclass('pc_a')::text AS a`))[0]!.a).toBeNull();
  });
});

describe('step sessions', () => {
  it('give up on a busy table after the step lock timeout, as a resumable stop', async () => {
    await onTarget('CREATE TABLE busy_a (id int)');
    const blocker = await connectUrl(local.targetUrl);
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE busy_a IN ACCESS EXCLUSIVE MODE');
      const plan = testPlan([sqlStep('busy', 'target', 'ALTER TABLE busy_a ADD COLUMN x int')], {
        environment: 'busy',
      });
      const started = Date.now();
      const error = await rejection(
        applyPlan(plan, endpoints(), { metadata, stepLockTimeoutMs: 500, lockTimeoutMs: 60_000 }),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.exitCode).toBe(5);
      expect(error.message).toMatch(
        /step busy failed: canceling statement due to lock timeout \(SQLSTATE 55P03\)/,
      );
      expect(error.message).toMatch(/stopped; re-run `replctl apply` to resume/);
    } finally {
      await blocker.end();
    }
  });
});

describe('resume', () => {
  it('skips steps whose postcondition already holds on a re-run', async () => {
    const steps = (broken: boolean) => [
      sqlStep('r1', 'target', 'CREATE TABLE resume_a (id int)', {
        postcondition: relationExists('resume_a'),
      }),
      sqlStep('r2', 'target', 'CREATE TABLE resume_b (id int)', {
        postcondition: relationExists('resume_b'),
      }),
      sqlStep(
        'r3',
        'target',
        broken
          ? 'CREATE TABLE resume_c (id int REFERENCES no_such_table (id))'
          : 'CREATE TABLE resume_c (id int)',
        { transactional: false, postcondition: relationExists('resume_c') },
      ),
    ];
    const first = await rejection(
      applyPlan(testPlan(steps(true), { environment: 'resume' }), endpoints(), { metadata }),
    );
    expect(first.message).toMatch(
      /step r3 failed: relation "no_such_table" does not exist \(SQLSTATE 42P01\)/,
    );

    const second = await applyPlan(testPlan(steps(false), { environment: 'resume' }), endpoints(), {
      metadata,
    });
    expect(second.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['r1', 'skipped'],
      ['r2', 'skipped'],
      ['r3', 'done'],
    ]);
    const rows = await withClient(local.targetUrl, (c) => listSteps(c, second.runId));
    expect(rows.map((r) => [r.stepId, r.status, r.note])).toEqual([
      ['r1', 'skipped', 'postcondition already held'],
      ['r2', 'skipped', 'postcondition already held'],
      ['r3', 'done', null],
    ]);
  });
});

describe('refusals', () => {
  it('refuses destructive steps without allowDestructive before changing anything', async () => {
    const plan = testPlan(
      [
        sqlStep('d1', 'target', 'CREATE TABLE destr_a (id int)'),
        sqlStep('d2', 'target', 'DROP TABLE batch_b', { destructive: true }),
      ],
      { environment: 'destructive' },
    );
    const error = await rejection(applyPlan(plan, endpoints(), { metadata }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/1 destructive step\(s\); nothing was changed[\s\S]*- d2: d2/);
    expect(
      (await onTarget<{ a: string | null }>(`SELECT to_regclass('destr_a')::text AS a`))[0]!.a,
    ).toBeNull();
    expect(await withClient(local.targetUrl, (c) => listRuns(c, { environment: 'destructive' }))).toEqual([]);

    await applyPlan(plan, endpoints(), { metadata, allowDestructive: true });
    expect(
      (await onTarget<{ b: string | null }>(`SELECT to_regclass('batch_b')::text AS b`))[0]!.b,
    ).toBeNull();
  });

  it('refuses a plan whose secret cannot be resolved, before connecting', async () => {
    const plan = testPlan([sqlStep('s1', 'target', ['SELECT ', secret('UNSET_SECRET')])], {
      environment: 'secret',
    });
    const error = await rejection(applyPlan(plan, endpoints(), { metadata }));
    expect(error.message).toMatch(
      /Could not resolve a secret the plan needs; nothing was changed: secret UNSET_SECRET/,
    );
  });

  it('blocks apply when an applied changeset changed, unless overridden, and records checksums', async () => {
    const env = 'integrity';
    const create = sqlStep('i1', 'target', 'CREATE TABLE integrity_a (id int)');
    await applyPlan(
      testPlan([create], { environment: env, targetVersion: 2, changesetChecksums: { 1: 'aaa', 2: 'bbb' } }),
      endpoints(),
      {
        metadata,
      },
    );
    const applied = await withClient(local.targetUrl, (c) => readAppliedChangesets(c, env));
    expect(applied.map((a) => [a.version, a.checksum])).toEqual([
      [1, 'aaa'],
      [2, 'bbb'],
    ]);

    const edited = testPlan([], {
      environment: env,
      targetVersion: 2,
      changesetChecksums: { 1: 'aaa', 2: 'edited' },
    });
    const mismatches = await withClient(local.targetUrl, (c) =>
      checkChangesetIntegrity(c, env, edited.changesetChecksums),
    );
    expect(mismatches.map((m) => [m.version, m.appliedChecksum, m.currentChecksum])).toEqual([
      [2, 'bbb', 'edited'],
    ]);
    const error = await rejection(applyPlan(edited, endpoints(), { metadata }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/changeset 2: applied .* with checksum bbb, but the file now has edited/);

    const accepted = await applyPlan(edited, endpoints(), { metadata, allowChangedChangesets: true });
    expect(accepted.acceptedChangesetChanges.map((m) => m.version)).toEqual([2]);
    const after = await withClient(local.targetUrl, (c) => readAppliedChangesets(c, env));
    expect(after.map((a) => a.checksum)).toEqual(['aaa', 'edited']);

    await applyPlan(
      testPlan([], { environment: env, targetVersion: 1, changesetChecksums: { 1: 'aaa' } }),
      endpoints(),
      {
        metadata,
        kind: 'rollback',
      },
    );
    const rolledBack = await withClient(local.targetUrl, (c) => readAppliedChangesets(c, env));
    expect(rolledBack.map((a) => a.version)).toEqual([1]);
    const runs = await withClient(local.targetUrl, (c) => listRuns(c, { environment: env }));
    expect(runs.map((r) => [r.kind, r.outcome])).toEqual([
      ['rollback', 'succeeded'],
      ['apply', 'succeeded'],
      ['apply', 'failed'],
      ['apply', 'succeeded'],
    ]);
  });
});
