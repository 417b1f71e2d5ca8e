import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { quoteIdent } from '../../src/sql/quote.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { eventually } from '../support/local-env.js';
import type { CliResult } from '../support/replctl-cli.js';
import { replctl } from '../support/replctl-cli.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';

/** Quotes, a backslash and a space: each is escaped differently in SQL, conninfo and JSON. */
const PASSWORD = `pa'ss\\ w"rd-UNIQUE123`;
const ROTATED = `n3w'pa\\ss "UNIQUE456`;
/** Any fragment of either password, in any escaping (doubled quotes, backslashed quotes). */
const LEAK = /UNIQUE123|UNIQUE456|pa'+ss|pa\\+'ss|w\\*"rd|n3w'|pa\\+ss "/;

let e: E2eEnvironment;
/** Every text replctl produced in this file, by what produced it. */
const produced: { what: string; text: string }[] = [];

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment({ replicatorPassword: PASSWORD }), buildOnce()]);
});
afterAll(async () => {
  await e?.stop();
});

async function run(...args: string[]): Promise<CliResult> {
  return keep(args.join(' '), await e.run(...args));
}

function keep(what: string, result: CliResult): CliResult {
  produced.push(
    { what: `${what} (stdout)`, text: result.stdout },
    { what: `${what} (stderr)`, text: result.stderr },
  );
  return result;
}

function expectNoSecretIn(what: string, text: string): void {
  expect(LEAK.exec(text)?.[0], `a password fragment in ${what}:\n${text}`).toBeUndefined();
}

/** Every row of every journal table, as JSON text. */
async function journalDump(): Promise<string> {
  return withClient(e.local.targetAdminUrl('postgres'), async (c) => {
    const { rows } = await c.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'replctl' AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(rows.map((r) => r.table)).toContain('steps');
    const dumps = [];
    for (const { table } of rows) {
      const data = await c.query(`SELECT to_jsonb(t)::text AS row FROM replctl.${quoteIdent(table)} t`);
      dumps.push(`${table}:\n${data.rows.map((r) => r.row).join('\n')}`);
    }
    return dumps.join('\n');
  });
}

describe.sequential('the replicator password', () => {
  it('is in no plan format, nor in the saved plan', async () => {
    const out = join(e.project, 'plan.json');
    for (const format of ['text', 'markdown', 'json']) {
      const plan = await run('plan', '--format', format, '--out', out);
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toMatch(/CREATE ROLE|create role/i);
      keep(`saved plan (${format})`, { ...plan, stdout: await readFile(out, 'utf8'), stderr: '' });
    }
    // The plan refers to the secret instead.
    expect(await readFile(out, 'utf8')).toContain('REPLICATOR_PASSWORD');
  });

  it('is in no output or journal row when a step that carries it fails', async () => {
    // The master login may not create subscriptions for a while (a slot left on the source no
    // longer makes the step fail: the planner takes it over).
    await createSubscriptionGrant('REVOKE');
    const failed = await run('apply', '--auto-approve');
    expect(failed.code, failed.stdout).toBe(1);
    expect(failed.stderr).toMatch(
      /^error: step target\.subscription\.my_subscription\.create failed: .*permission denied/,
    );
    const journal = await run('journal', '--steps');
    expect(journal.stdout).toMatch(/failed +target\.subscription\.my_subscription\.create /);
  });

  it('is in no output when apply then succeeds, and the subscription connects with it', async () => {
    await createSubscriptionGrant('GRANT');
    const applied = await run('apply', '--auto-approve');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    await expectStreaming();
  });

  it('is in no output when rotated, and the subscription connects with the new one', async () => {
    const env = { ...e.env, REPLICATOR_PASSWORD: ROTATED };
    const plan = keep(
      'plan after rotation',
      await replctl(['plan', '--detailed-exitcode'], { project: e.project, env }),
    );
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('source.role.replicator.password');
    expect(plan.stdout).toContain('target.subscription.my_subscription.connection');
    const before = await workerPid();
    const applied = keep(
      'apply after rotation',
      await replctl(['apply', '--auto-approve'], { project: e.project, env }),
    );
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const again = await replctl(['plan', '--detailed-exitcode'], { project: e.project, env });
    expect(again.code, again.stdout).toBe(0);
    // A new connection conninfo restarts the worker: a new process had to log in with the new password.
    await eventually(
      'a new subscription worker',
      async () => ![undefined, before].includes(await workerPid()),
    );
    await expectStreaming();
  });

  it('appeared nowhere: not in any output of this file, nor in any journal table', async () => {
    await run('journal', '--steps');
    await run('journal', '--steps', '--format', 'json');
    expect(produced.length).toBeGreaterThan(20);
    for (const { what, text } of produced) expectNoSecretIn(what, text);
    expectNoSecretIn('the journal tables', await journalDump());
  });
});

/** pg_create_subscription, which RDS's master login holds through rds_superuser (PostgreSQL 16+). */
async function createSubscriptionGrant(verb: 'GRANT' | 'REVOKE'): Promise<void> {
  await withClient(e.local.targetAdminUrl('postgres'), (c) =>
    c.query(`${verb} pg_create_subscription ${verb === 'GRANT' ? 'TO' : 'FROM'} rds_superuser`),
  );
}

async function workerPid(): Promise<number | undefined> {
  return withClient(e.targetAppUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT pid FROM pg_stat_subscription WHERE subname = 'my_subscription' AND relid IS NULL AND pid IS NOT NULL`,
    );
    return rows[0]?.pid;
  });
}

/** The subscription's worker is connected (it authenticated) and a new row arrives. */
async function expectStreaming(): Promise<void> {
  const id = Date.now();
  await withClient(e.local.sourceUrl, (c) =>
    c.query(`INSERT INTO public.users (id, email, name) VALUES ($1, 'secret@example.com', 'S')`, [id]),
  );
  await eventually('the new row on the target, through a connected subscription', () =>
    withClient(e.targetAppUrl, async (c) => {
      const { rows } = await c.query(
        `SELECT (SELECT count(*) FROM public.users WHERE id = $1)::int AS arrived,
                (SELECT count(*) FROM pg_stat_subscription WHERE subname = 'my_subscription' AND pid IS NOT NULL
                   AND received_lsn IS NOT NULL)::int AS workers`,
        [id],
      );
      return rows[0].arrived === 1 && rows[0].workers > 0;
    }),
  );
  await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl);
}
