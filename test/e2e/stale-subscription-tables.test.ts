import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';

/**
 * A removal cut short: `ALTER PUBLICATION … DROP TABLE` committed, and the run died before the
 * REFRESH PUBLICATION that takes the table out of the subscription. The subscription still lists
 * the table as ready while none of its changes arrive. When the desired state lists it again,
 * replctl must copy it afresh: truncate it, let the subscription drop it (the release refresh), add
 * it back to the publication, and refresh again — also when the same changeset changes the
 * subscription's publications (SET PUBLICATION), whose own refresh would otherwise keep the
 * emptied table without copying it.
 */

const STEP_TIMEOUT = 300_000;
const INVOICES = { 'public.invoices': 'id, order_id, amount, issued_at' };
let e: E2eEnvironment;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
  const applied = await e.run('apply', '--auto-approve', '--to', '2');
  expect(applied.code, applied.stderr).toBe(0);
  await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, INVOICES);
}, STEP_TIMEOUT);
afterAll(async () => {
  await e?.stop();
});

/** The plan's step ids, in plan order (`# 4. target.subscription.… (for …)` lines). */
const stepIds = (planText: string) => [...planText.matchAll(/^\s+# \d+\. (\S+)/gm)].map((m) => m[1]!);
const SUBSCRIPTION = 'target.subscription.my_subscription';

/** What a run killed between the publication's DROP TABLE and its refresh leaves, then writes it misses. */
async function interruptRemovalOfInvoices(firstNewId: number): Promise<void> {
  await withClient(e.local.sourceAdminUrl(), async (c) => {
    await c.query('ALTER PUBLICATION my_publication DROP TABLE public.invoices');
    await c.query(
      `INSERT INTO public.invoices (id, order_id, amount, issued_at)
       SELECT i, i, i / 10.0, timestamptz '2025-01-01 00:00:00+00' FROM generate_series($1::bigint, $1::bigint + 49) AS i`,
      [firstNewId],
    );
    await c.query('UPDATE public.invoices SET amount = amount + 1 WHERE id <= 10');
  });
  const state = await withClient(e.targetAppUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT sr.srsubstate AS state FROM pg_catalog.pg_subscription_rel sr
       WHERE sr.srrelid = 'public.invoices'::regclass`,
    );
    return rows[0]?.state;
  });
  expect(state, 'the subscription still holds invoices, as ready').toBe('r');
}

it(
  'copies a table an interrupted removal left in the subscription again when it is listed again',
  async () => {
    await interruptRemovalOfInvoices(100_001);
    const plan = await e.run('plan', '--to', '2');
    expect(plan.code, plan.stderr).toBe(0);
    expect(stepIds(plan.stdout)).toEqual([
      `${SUBSCRIPTION}.truncate-tables`,
      `${SUBSCRIPTION}.release-stale-tables`,
      'source.publication.my_publication.add-tables',
      `${SUBSCRIPTION}.refresh`,
      `${SUBSCRIPTION}.wait-synced`,
    ]);

    const applied = await e.run('apply', '--auto-approve', '--allow-destructive', '--to', '2');
    expect(applied.code, applied.stderr).toBe(0);
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, INVOICES);
  },
  STEP_TIMEOUT,
);

it(
  'does so too when the same changeset gives the subscription another publication',
  async () => {
    await interruptRemovalOfInvoices(200_001);
    // Version 3 here: order_items through a second publication the subscription takes on.
    const changesets = join(e.project, 'changesets');
    await rm(join(changesets, '0003-order-items-not-invoices.yaml'));
    await rm(join(changesets, '0004-add-customer-notes.yaml'));
    await writeFile(
      join(changesets, '0003-second-publication.yaml'),
      `version: 3
description: Replicate order items through a publication of their own
source:
  grants: { replicator: { select: { public.order_items: {} } } }
  publications:
    items_publication: { tables: { public.order_items: {} } }
target:
  tables: { public.order_items: { from: source } }
  subscriptions:
    my_subscription: { publications: [my_publication, items_publication] }
`,
    );
    const plan = await e.run('plan');
    expect(plan.code, plan.stderr).toBe(0);
    const ids = stepIds(plan.stdout);
    const at = (id: string) => ids.indexOf(`${SUBSCRIPTION}.${id}`);
    expect(at('truncate-tables')).toBeGreaterThanOrEqual(0);
    expect(at('release-stale-tables')).toBeGreaterThan(at('truncate-tables'));
    expect(ids.indexOf('source.publication.my_publication.add-tables')).toBeGreaterThan(
      at('release-stale-tables'),
    );
    expect(at('publications')).toBeGreaterThan(ids.indexOf('source.publication.my_publication.add-tables'));

    const applied = await e.run('apply', '--auto-approve', '--allow-destructive');
    expect(applied.code, applied.stderr).toBe(0);
    await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, {
      ...INVOICES,
      'public.order_items': 'order_id, line_no, sku, qty',
    });
  },
  STEP_TIMEOUT,
);
