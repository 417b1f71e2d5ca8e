import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { expectTargetToMatchSource, PUBLISHED_AT_LATEST } from '../support/replicated-rows.js';
import { snapshotWorld } from '../support/world-snapshot.js';
import { startWriteLoad, type WriteLoad } from '../support/write-load.js';

const STALE_LIVE =
  /^error: Refusing a stale plan \(made [^)]+\):\n {2}- the live state of the databases or the RDS API changed since the plan was made\nMake a new plan and review it\.\n$/;

/** The tables published at version 2, with all their columns. */
const PUBLISHED_AT_2 = {
  'public.users': PUBLISHED_AT_LATEST['public.users']!,
  'public.orders': PUBLISHED_AT_LATEST['public.orders']!,
  'public.invoices': 'id, order_id, amount, issued_at',
};

let e: E2eEnvironment;
let load: WriteLoad | undefined;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
});
afterAll(async () => {
  await load?.stop();
  await e?.stop();
});

async function runCount(): Promise<number> {
  const journal = await e.run('journal', '--format', 'json');
  expect(journal.code, journal.stderr).toBe(0);
  return JSON.parse(journal.stdout).runs.length;
}

describe.sequential('apply FILE (a plan saved with plan --out)', () => {
  it('applies a fresh saved plan without asking, with no terminal and no --auto-approve', async () => {
    const file = join(e.project, 'v1.json');
    const plan = await e.run('plan', '--to', '1', '--out', file);
    expect(plan.code, plan.stderr).toBe(0);
    const applied = await e.run('apply', file);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).not.toContain('replctl will run these steps');
    expect(applied.stdout).toMatch(/^Apply complete: 19 steps done in [\d.]+ s\. Live at version 1\.$/m);
    const again = await e.run('plan', '--to', '1', '--detailed-exitcode');
    expect(again.code, again.stdout).toBe(0);
  });

  it('refuses (exit 3) a plan whose live state changed since, and changes nothing', async () => {
    const file = join(e.project, 'v2.json');
    expect((await e.run('plan', '--to', '2', '--out', file)).code).toBe(0);
    // Someone grants by hand what the plan was going to grant.
    await withClient(e.local.sourceUrl, (c) => c.query('GRANT SELECT ON public.invoices TO replicator'));
    const runs = await runCount();
    const before = await snapshotWorld(e.local);
    const refused = await e.run('apply', file);
    expect(refused.code, refused.stdout).toBe(3);
    expect(refused.stderr).toMatch(STALE_LIVE);
    expect(refused.stdout).toBe('');
    expect(await snapshotWorld(e.local)).toEqual(before);
    expect(await runCount()).toBe(runs);
    await withClient(e.local.sourceUrl, (c) => c.query('REVOKE SELECT ON public.invoices FROM replicator'));
  });

  it('refuses (exit 3) a plan whose changeset was edited since, and changes nothing', async () => {
    const file = join(e.project, 'v2-edited.json');
    expect((await e.run('plan', '--to', '2', '--out', file)).code).toBe(0);
    const changeset = join(e.project, 'changesets', '0002-add-invoices.yaml');
    const original = await readFile(changeset, 'utf8');
    await writeFile(
      changeset,
      original.replace('description: Replicate invoices too', 'description: Edited'),
    );
    try {
      const before = await snapshotWorld(e.local);
      const refused = await e.run('apply', file);
      expect(refused.code, refused.stdout).toBe(3);
      expect(refused.stderr).toMatch(
        /^error: Refusing a stale plan \(made [^)]+\):\n {2}- changeset 2 changed since the plan was made\n/,
      );
      expect(await snapshotWorld(e.local)).toEqual(before);
    } finally {
      await writeFile(changeset, original);
    }
  });

  it('applies a saved plan made under a write load: row estimates, WAL and sync progress are no drift', async () => {
    load = startWriteLoad(e.local.sourceUrl);
    await load.more(20);
    const file = join(e.project, 'v2-under-load.json');
    expect((await e.run('plan', '--to', '2', '--out', file)).code).toBe(0);
    // What moves on its own between plan and apply: the load writes on, statistics and the slot's
    // retained WAL follow.
    await load.more(40);
    await withClient(e.local.sourceUrl, (c) => c.query('ANALYZE public.users, public.orders'));
    await withClient(e.targetAppUrl, (c) => c.query('ANALYZE public.users, public.orders'));
    const applied = await e.run('apply', file);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Live at version 2\.$/m);
    const again = await e.run('plan', '--to', '2', '--detailed-exitcode');
    expect(again.code, again.stdout).toBe(0);
    const { failed } = await load.stop();
    load = undefined;
    expect(failed).toBe(0);
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, PUBLISHED_AT_2);
  });
});
