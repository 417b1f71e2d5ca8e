import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { eventually } from '../support/local-env.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';

let e: E2eEnvironment;
let blocker: pg.Client | undefined;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
});
afterAll(async () => {
  await blocker?.end().catch(() => undefined);
  await e?.stop();
});

describe.sequential('apply --auto-approve to the latest version', () => {
  it('runs alone: a second apply waits --lock-timeout 1, then exits 4 naming the first run', async () => {
    const first = e.spawn('apply', '--auto-approve');
    const runId = /^run ([0-9a-f-]{36}): 19 step\(s\)$/.exec(await first.line(/^run .*step\(s\)/))?.[1];
    expect(runId).toBeDefined();
    // Hold the first run in its last step: a SHARE lock on a target table keeps the initial copy
    // (which needs ROW EXCLUSIVE) from finishing until this test lets go. Taken the moment the
    // table is committed, well before the subscription that copies into it exists.
    await first.line(/^\[\d+\/19\] target\.tables\.create: /);
    blocker = new pg.Client({ connectionString: e.targetAppUrl });
    await blocker.connect();
    for (let tries = 0; ; tries++) {
      await blocker.query('BEGIN');
      const locked = await blocker.query('LOCK TABLE public.users IN SHARE MODE').then(
        () => true,
        (error: unknown) => {
          if (tries > 3000) throw error;
          return false;
        },
      );
      if (locked) break;
      await blocker.query('ROLLBACK');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const waiting = await first.line(/^\[\d+\/19\] target\.subscription\.my_subscription\.wait-synced: /);
    expect(first.output(), 'the lock was taken before the initial copy began').not.toMatch(
      /done target\.subscription\.my_subscription\.wait-synced/,
    );
    expect(waiting).toMatch(/^\[19\/19\]/);

    const second = await e.run('apply', '--auto-approve', '--lock-timeout', '1');
    expect(first.child.exitCode, 'the first apply still runs').toBeNull();
    expect(second.code, second.stderr).toBe(4);
    expect(second.stdout).toMatch(new RegExp(`^waiting for the apply lock, held by run ${runId} by `, 'm'));
    expect(second.stderr).toMatch(
      new RegExp(
        `^error: Another run holds the apply lock of environment local: run ${runId} by \\S+ on \\S+ since \\S+\\. Gave up after 1s \\(--lock-timeout\\); re-run apply when it has finished\\.\\n$`,
      ),
    );
    expect(second.durationMs).toBeGreaterThanOrEqual(1000);

    await blocker.query('COMMIT');
    const done = await first.exited;
    expect(done.code, first.output()).toBe(0);
    expect(done.stdout).toMatch(/^Apply complete: 19 steps done in [\d.]+ s\. Live at version 4\.$/m);

    // Only the first run is in the journal: the second never got the lock.
    const journal = JSON.parse((await e.run('journal', '--format', 'json')).stdout);
    expect(journal).toMatchObject({ liveVersion: 4, latestVersion: 4, lockHolder: null });
    expect(journal.runs.map((r: { id: string; outcome: string }) => [r.id, r.outcome])).toEqual([
      [runId, 'succeeded'],
    ]);
  });

  it('replicates: the initial copy matches the source, and new rows stream to the target', async () => {
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl);
    await withClient(e.local.sourceUrl, async (c) => {
      await c.query(`INSERT INTO public.users (id, email, name) VALUES (900001, 'new@example.com', 'New')`);
      await c.query(`UPDATE public.orders SET status = 'refunded' WHERE id = 7`);
      await c.query(`INSERT INTO public."Customer Notes" (id, "Note Text") VALUES (900001, 'fresh note')`);
    });
    await eventually('the new rows on the target', () =>
      withClient(e.targetAppUrl, async (c) => {
        const { rows } = await c.query(
          `SELECT (SELECT name FROM public.users WHERE id = 900001) AS name,
                  (SELECT status FROM public.orders WHERE id = 7) AS status,
                  (SELECT "Note Text" FROM public."Customer Notes" WHERE id = 900001) AS note`,
        );
        return rows[0].name === 'New' && rows[0].status === 'refunded' && rows[0].note === 'fresh note';
      }),
    );
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl);
  });

  it('leaves nothing to do: plan --detailed-exitcode exits 0 and apply finds no changes', async () => {
    const plan = await e.run('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes. Live state matches version 4.');
    const apply = await e.run('apply', '--auto-approve');
    expect(apply.code).toBe(0);
    expect(apply.stdout.trim()).toBe('No changes. Live state matches version 4.');
  });
});
