import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../../support/build-once.js';
import { replctl } from '../../support/replctl-cli.js';

const exec = promisify(execFile);

/** No SOURCE_DATABASE_URL and friends: the credentials a fork's CI lacks. */
const NO_CREDENTIALS: Readonly<Record<string, string>> = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  NO_COLOR: '1',
};

let repo: string;

async function git(...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=Review Test', '-c', 'user.email=review@example.com', ...args],
    {
      cwd: repo,
    },
  );
  return stdout;
}

function plan(...args: string[]) {
  return replctl(['plan', ...args], { project: repo, env: NO_CREDENTIALS });
}

/**
 * A user's repository: main holds changesets 1 to 3 (merged, applied somewhere); branch
 * `add-notes` adds changeset 4; branch `edit-merged` edits changeset 2.
 */
beforeAll(async () => {
  await buildOnce();
  repo = await mkdtemp(join(tmpdir(), 'replctl-review-'));
  await cp('replctl.yaml', join(repo, 'replctl.yaml'));
  await cp('changesets', join(repo, 'changesets'), { recursive: true });
  await rm(join(repo, 'changesets', '0004-add-customer-notes.yaml'));
  await git('init', '-q', '-b', 'main');
  await git('add', '.');
  await git('commit', '-q', '-m', 'changesets 1 to 3');
  await git('checkout', '-q', '-b', 'add-notes');
  await cp(
    'changesets/0004-add-customer-notes.yaml',
    join(repo, 'changesets', '0004-add-customer-notes.yaml'),
  );
  await git('add', '.');
  await git('commit', '-q', '-m', 'replicate customer notes');
  await git('checkout', '-q', '-b', 'edit-merged', 'main');
  const second = join(repo, 'changesets', '0002-add-invoices.yaml');
  await writeFile(
    second,
    (await readFile(second, 'utf8')).replace(
      'Replicate invoices too',
      'Replicate invoices (edited after the merge)',
    ),
  );
  await git('commit', '-q', '-a', '-m', 'edit a merged changeset');
  await git('checkout', '-q', 'add-notes');
}, 240_000);

afterAll(async () => {
  if (repo) await rm(repo, { recursive: true, force: true });
});

describe('replctl plan --base (subprocess, in a git repository)', () => {
  it('reviews the working tree of a branch: changesets added, desired-state diff and an OFFLINE plan', async () => {
    const result = await plan('--base', 'main', '--format', 'markdown', '--detailed-exitcode');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    const md = result.stdout;
    expect(md).toMatch(/^## replctl review: `working tree` against `main`\n/);
    expect(md).toContain('The branch (working tree) adds changeset 4 to main (at version 3).');
    expect(md).toContain(
      '| added | 4 | `changesets/0004-add-customer-notes.yaml` | Replicate customer notes |',
    );
    expect(md).toContain('> [!CAUTION]');
    expect(md).toContain(
      '**OFFLINE PLAN: not made against the live databases. Environment local could not be reached: environments.local.source.url: expected environment variable SOURCE\\_DATABASE\\_URL to be set, but it is not.**',
    );
    expect(md).toContain('### Desired state: main (version 3) → working tree (version 4)');
    expect(md).toContain('```diff\n--- main (version 3)\n+++ working tree (version 4)\n');
    expect(md).toContain('+        public."Customer Notes": {}');
    // The plan: only what version 4 adds over the base.
    expect(md).toContain('## replctl plan: `local` → changeset version 4');
    expect(md).toContain('GRANT SELECT ON TABLE "public"."Customer Notes" TO "replicator";');
    expect(md).toContain('ALTER PUBLICATION "my_publication" ADD TABLE "public"."Customer Notes";');
    expect(md).toContain('ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;');
    expect(md).not.toContain('CREATE ROLE');
    expect(md).not.toContain('CREATE SUBSCRIPTION');
    expect(md.length).toBeLessThanOrEqual(65_536);
  });

  it('reviews a ref as the branch (--ref) from another checkout, as text', async () => {
    await git('checkout', '-q', 'main');
    try {
      const result = await plan('--base', 'main', '--ref', 'add-notes');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('The branch (add-notes) adds changeset 4 to main (at version 3).');
      expect(result.stdout).toContain(
        '  + 4  add-notes:changesets/0004-add-customer-notes.yaml  Replicate customer notes',
      );
      expect(result.stdout).toContain('OFFLINE PLAN: not made against the live databases.');
      expect(result.stdout).toMatch(/Plan: \d+ steps/);
    } finally {
      await git('checkout', '-q', 'add-notes');
    }
  });

  it('fails with exit 1, naming file and version, when the branch edits a merged changeset', async () => {
    const result = await plan('--base', 'main', '--ref', 'edit-merged', '--format', 'markdown');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'Changeset history is append-only, but this branch rewrites what main already has:',
    );
    expect(result.stderr).toContain(
      'edit-merged:changesets/0002-add-invoices.yaml (version 2) is edited, but version 2 is already merged in main',
    );
  });

  it('fails the same way for an uncommitted edit in the working tree', async () => {
    const third = join(repo, 'changesets', '0003-order-items-not-invoices.yaml');
    const original = await readFile(third, 'utf8');
    await writeFile(
      third,
      original.replace('columns: [order_id, line_no, sku]', 'columns: [order_id, line_no, sku, qty]'),
    );
    try {
      const result = await plan('--base', 'main');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'changesets/0003-order-items-not-invoices.yaml (version 3) is edited, but version 3 is already merged in main',
      );
    } finally {
      await writeFile(third, original);
    }
  });

  it('says which ref it cannot find', async () => {
    const result = await plan('--base', 'origin/main');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"origin/main" names none in the git repository');
  });
});
