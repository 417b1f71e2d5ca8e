import { execFile } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { eventually } from '../support/local-env.js';
import { replctl } from '../support/replctl-cli.js';
import { expectTargetToMatchSource, PUBLISHED_AT_LATEST } from '../support/replicated-rows.js';

const exec = promisify(execFile);
const STEP_TIMEOUT = 300_000;

let e: E2eEnvironment;

async function git(...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=Rollback Test', '-c', 'user.email=rollback@example.com', ...args],
    { cwd: e.project },
  );
  return stdout;
}

async function journal(): Promise<{
  liveVersion: number;
  latestVersion: number;
  runs: { kind: string; targetVersion: number; outcome: string }[];
}> {
  const result = await e.run('journal', '--format', 'json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** The environment minus every way the AWS SDK could find credentials (keys, files, instance metadata). */
function withoutAwsCredentials(env: Readonly<Record<string, string>>): Record<string, string> {
  const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = env;
  return {
    ...rest,
    AWS_SHARED_CREDENTIALS_FILE: join(e.project, 'no-aws-credentials'),
    AWS_CONFIG_FILE: join(e.project, 'no-aws-config'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function targetRows(table: string): Promise<number> {
  return withClient(e.targetAppUrl, async (c) => {
    const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0]!.n;
  });
}

/**
 * The project as a git repository: the tag `only-1-2` is the commit that had changesets 1 and 2;
 * main adds 3 and 4 on top.
 */
async function makeRepository(): Promise<void> {
  const later = join(e.project, 'later');
  await mkdir(later);
  for (const name of ['0003-order-items-not-invoices.yaml', '0004-add-customer-notes.yaml']) {
    await rename(join(e.project, 'changesets', name), join(later, name));
  }
  await writeFile(join(e.project, '.gitignore'), '.replctl/\nlater/\n');
  await git('init', '-q', '-b', 'main');
  await git('add', '.');
  await git('commit', '-q', '-m', 'changesets 1 and 2');
  await git('tag', 'only-1-2');
  for (const name of ['0003-order-items-not-invoices.yaml', '0004-add-customer-notes.yaml']) {
    await rename(join(later, name), join(e.project, 'changesets', name));
  }
  await git('add', '.');
  await git('commit', '-q', '-m', 'changesets 3 and 4');
}

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
  await makeRepository();
}, 300_000);
afterAll(async () => {
  await e?.stop();
});

describe.sequential('rollback on the local environment', () => {
  it('applies the latest version', { timeout: STEP_TIMEOUT }, async () => {
    const result = await e.run('apply', '--auto-approve');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/Live at version 4\.$/m);
  });

  it('reviews a branch live when the credentials are there, saying where the journal stands', {
    timeout: STEP_TIMEOUT,
  }, async () => {
    await git('checkout', '-q', '-b', 'invoices-again');
    await writeFile(
      join(e.project, 'changesets', '0005-invoices-again.yaml'),
      [
        'version: 5',
        'description: Replicate invoices again',
        'source:',
        '  grants: { replicator: { select: { public.invoices: {} } } }',
        '  publications: { my_publication: { tables: { public.invoices: {} } } }',
        'target:',
        '  tables: { public.invoices: { from: source } }',
        '',
      ].join('\n'),
    );
    await git('add', '.');
    await git('commit', '-q', '-m', 'invoices again');
    try {
      const result = await e.run('plan', '--base', 'main', '--format', 'markdown', '--detailed-exitcode');
      expect(result.code, result.stderr).toBe(2);
      const md = result.stdout;
      expect(md).toContain('The branch (working tree) adds changeset 5 to main (at version 4).');
      expect(md).toContain(
        '> [!NOTE]\n> Live plan against environment local (the journal says it is at version 4).',
      );
      expect(md).not.toContain('OFFLINE');
      expect(md).toContain('+        public.invoices: {}');
      // Version 4 still has the invoices target table (version 3 only stopped publishing it).
      expect(md).not.toContain('target.tables.create');
      expect(md).not.toContain('<type on the source>');
      // Lint runs on a live review: its section holds the counts, not the offline note.
      expect(md).toMatch(/### Lint findings\n\n\*\*(no|\d+) errors?, /);
      expect(md).toContain('ALTER PUBLICATION "my_publication" ADD TABLE "public"."invoices";');

      // A CI job given the databases but no AWS role: offline, saying why, rather than failing.
      const noAws = await replctl(['plan', '--base', 'main', '--format', 'markdown'], {
        project: e.project,
        env: withoutAwsCredentials(e.env),
      });
      expect(noAws.code, noAws.stderr).toBe(0);
      expect(noAws.stdout).toMatch(
        /\*\*OFFLINE PLAN: not made against the live databases\. Environment local could not be reached: no AWS credentials for the RDS API \(/,
      );
      expect(noAws.stdout).toContain('ALTER PUBLICATION "my_publication" ADD TABLE "public"."invoices";');
    } finally {
      await git('checkout', '-q', 'main');
    }
  });

  it('refuses without a terminal unless --auto-approve, changing nothing', {
    timeout: STEP_TIMEOUT,
  }, async () => {
    const result = await e.run('rollback', '--to', '1', '--allow-destructive');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'refusing to roll back without confirmation: no terminal to ask on; pass --auto-approve',
    );
    expect((await journal()).liveVersion).toBe(4);
  });

  it('rolls back to version 1: converges, keeps the target tables and their rows, and replication goes on', {
    timeout: STEP_TIMEOUT,
  }, async () => {
    const before = {
      items: await targetRows('public.order_items'),
      notes: await targetRows('public."Customer Notes"'),
    };
    expect(before.items).toBeGreaterThan(0);
    const result = await e.run('rollback', '--to', '1', '--allow-destructive', '--auto-approve');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Rolling back environment local to changeset version 1 (latest is 4).');
    expect(result.stdout).toContain(
      'ALTER PUBLICATION "my_publication" DROP TABLE "public"."Customer Notes", "public"."order_items";',
    );
    expect(result.stdout).toMatch(
      /^Rollback complete: \d+ steps done in [\d.]+ s\. Live at version 1; the latest is 4 \(replctl apply rolls forward\)\.$/m,
    );

    const plan = await e.run('plan', '--to', '1', '--detailed-exitcode');
    expect(plan.code, plan.stdout).toBe(0);

    // Tables removed from replication stay on the target with their rows.
    expect(await targetRows('public.order_items')).toBe(before.items);
    expect(await targetRows('public."Customer Notes"')).toBe(before.notes);

    // The tables version 1 replicates still stream.
    await withClient(e.local.sourceUrl, async (c) => {
      await c.query(
        `INSERT INTO public.users (id, email, name) VALUES (900001, 'after-rollback@example.com', 'After Rollback')`,
      );
      await c.query(
        `INSERT INTO public.orders (id, user_id, total, status) VALUES (900001, 900001, 12.34, 'new')`,
      );
    });
    await eventually('rows inserted after the rollback to reach the target', async () =>
      withClient(e.targetAppUrl, async (c) => {
        const { rows } = await c.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM public.users WHERE id = 900001) + (SELECT count(*) FROM public.orders WHERE id = 900001) AS n`,
        );
        return Number(rows[0]!.n) === 2;
      }),
    );
  });

  it('journals the rollback: live at 1, latest 4', { timeout: STEP_TIMEOUT }, async () => {
    const text = await e.run('journal');
    expect(text.stdout).toContain('Environment local: live at version 1, latest is 4.');
    const json = await journal();
    expect(json).toMatchObject({ liveVersion: 1, latestVersion: 4 });
    expect(json.runs[0]).toMatchObject({ kind: 'rollback', targetVersion: 1, outcome: 'succeeded' });
  });

  it('rolls forward again with apply: the plan is then empty and the target matches the source', {
    timeout: STEP_TIMEOUT,
  }, async () => {
    const result = await e.run('apply', '--auto-approve', '--allow-destructive');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const plan = await e.run('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout).toBe(0);
    expect((await journal()).liveVersion).toBe(4);
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, PUBLISHED_AT_LATEST);
  });

  it('rolls back to a git ref (the tag of changesets 1 and 2) and converges', {
    timeout: STEP_TIMEOUT,
  }, async () => {
    const result = await e.run('rollback', '--to', 'only-1-2', '--allow-destructive', '--auto-approve');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Rolling back environment local to changeset version 2 (latest is 4).');
    expect(result.stderr).toBe('');

    const plan = await e.run('plan', '--ref', 'only-1-2', '--detailed-exitcode');
    expect(plan.code, plan.stdout).toBe(0);
    expect((await journal()).liveVersion).toBe(2);
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, {
      'public.users': 'id, email, name, created_at',
      'public.orders': 'id, user_id, total, status, created_at',
      'public.invoices': 'id, order_id, amount, issued_at',
    });
  });

  it('journals a rollback that no step serves: live at 4 after rolling back from 5, which changed nothing live', {
    timeout: STEP_TIMEOUT,
  }, async () => {
    await writeFile(
      join(e.project, 'changesets', '0005-note.yaml'),
      'version: 5\ndescription: Note who owns the replication (no change to any database)\n',
    );
    try {
      const forward = await e.run('apply', '--auto-approve', '--allow-destructive');
      expect(forward.code, `${forward.stdout}\n${forward.stderr}`).toBe(0);
      expect((await journal()).liveVersion).toBe(5);
      const result = await e.run('rollback', '--to', '4', '--auto-approve');
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('No step changes the databases; the journal records the rollback.');
      expect(result.stdout).toMatch(
        /^Rollback complete: 0 steps done in [\d.]+ s\. Live at version 4; the latest is 5/m,
      );
      expect(await journal()).toMatchObject({ liveVersion: 4, latestVersion: 5 });
    } finally {
      await rm(join(e.project, 'changesets', '0005-note.yaml'));
    }
  });
});
