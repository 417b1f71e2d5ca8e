import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { comparableLiveState, introspectEnvironment } from '../support/e2e-live-state.js';
import type { CliResult } from '../support/replctl-cli.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';
import { snapshotWorld } from '../support/world-snapshot.js';

/** Applied one version at a time. */
let stepwise: E2eEnvironment;
/** Applied to the latest version at once. */
let atOnce: E2eEnvironment;
let atOnceApply: Promise<CliResult>;

beforeAll(async () => {
  [stepwise, atOnce] = await Promise.all([startE2eEnvironment(), startE2eEnvironment(), buildOnce()]);
  // The other environment converges meanwhile.
  atOnceApply = atOnce.run('apply', '--auto-approve');
});
afterAll(async () => {
  await atOnceApply?.catch(() => undefined);
  await Promise.all([stepwise?.stop(), atOnce?.stop()]);
});

async function journalRuns(e: E2eEnvironment): Promise<{ targetVersion: number; outcome: string }[]> {
  const journal = await e.run('journal', '--format', 'json');
  expect(journal.code, journal.stderr).toBe(0);
  return JSON.parse(journal.stdout).runs;
}

async function applyTo(version: number, ...flags: string[]): Promise<void> {
  const result = await stepwise.run('apply', '--to', String(version), '--auto-approve', ...flags);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(new RegExp(`Live at version ${version}\\.$`, 'm'));
}

describe.sequential('apply version by version', () => {
  it('applies 1 and 2', async () => {
    await applyTo(1);
    await applyTo(2);
  });

  it('refuses version 3, which revokes and unpublishes, without --allow-destructive: exit 1, nothing changed', async () => {
    const before = await snapshotWorld(stepwise.local);
    const runs = await journalRuns(stepwise);
    const refused = await stepwise.run('apply', '--to', '3', '--auto-approve');
    expect(refused.code, refused.stdout).toBe(1);
    expect(refused.stderr).toMatch(
      /^error: The plan has \d+ destructive step\(s\); nothing was changed\. Review them and re-run with --allow-destructive to apply:\n/,
    );
    // Each destructive step is named: the revoke and the removal from the publication.
    const listed = [...refused.stderr.matchAll(/^ {2}- (\S+): /gm)].map((m) => m[1]);
    expect(listed).toContain('source.grant.replicator.revoke-select');
    expect(listed).toContain('source.publication.my_publication.drop-tables');
    expect(refused.stdout).not.toMatch(/^run [0-9a-f-]{36}/m);
    expect(await snapshotWorld(stepwise.local)).toEqual(before);
    expect(await journalRuns(stepwise)).toEqual(runs);
  });

  it('applies 3 with --allow-destructive, then 4', async () => {
    await applyTo(3, '--allow-destructive');
    await applyTo(4);
    expect((await journalRuns(stepwise)).map((r) => [r.targetVersion, r.outcome])).toEqual([
      [4, 'succeeded'],
      [3, 'succeeded'],
      [2, 'succeeded'],
      [1, 'succeeded'],
    ]);
  });

  it('ends in the live state that applying the latest at once reaches', async () => {
    const applied = await atOnceApply;
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    for (const e of [stepwise, atOnce]) {
      const plan = await e.run('plan', '--detailed-exitcode');
      expect(plan.code, plan.stdout).toBe(0);
    }
    const [a, b] = await Promise.all([introspectEnvironment(stepwise), introspectEnvironment(atOnce)]);
    expect(comparableLiveState(a)).toEqual(comparableLiveState(b));
    // Each target holds its source's rows of every table published at the latest version; as many
    // in both (the sample data's created_at is when each environment was made, so not the same rows).
    const [rowsA, rowsB] = await Promise.all([
      expectTargetToMatchSource(stepwise.local.sourceUrl, stepwise.targetAppUrl),
      expectTargetToMatchSource(atOnce.local.sourceUrl, atOnce.targetAppUrl),
    ]);
    const counts = (digests: typeof rowsA) => Object.values(digests).map((d) => d.rows);
    expect(counts(rowsA)).toEqual(counts(rowsB));
    // The one difference changeset 3 documents: the target keeps its copy of invoices.
    const invoices = async (e: E2eEnvironment) =>
      withClient(
        e.targetAppUrl,
        async (c) => (await c.query('SELECT count(*)::int AS n FROM public.invoices')).rows[0].n,
      );
    expect([await invoices(stepwise), await invoices(atOnce)]).toEqual([600, 0]);
  });
});
