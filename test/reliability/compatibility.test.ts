import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installedMajors, SUPPORTED_MAJORS } from '../../src/local/postgres/binaries.js';
import { withClient } from '../../src/local/with-client.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { testPgVersions } from '../support/local-env.js';
import { fullReliability, reportFigures } from '../support/reliability.js';
import type { CliResult } from '../support/replctl-cli.js';
import { expectTargetToMatchSource, PUBLISHED_AT_LATEST } from '../support/replicated-rows.js';
import { startWriteLoad, type WriteLoad } from '../support/write-load.js';
import { pairLabel, type VersionPair, versionPairs } from './support/version-pairs.js';

/**
 * Design §9: every PostgreSQL major from 12 to 18 as source and as target. Per (source, target)
 * pair, the whole path through the real CLI: a local environment of those majors, the repository's
 * changesets applied under a write load, rows replicated, verify, an empty plan, a rollback to
 * version 1 and a roll forward. `npm test` runs the oldest and newest besides the default 17;
 * `npm run test:matrix` (and REPLCTL_RELIABILITY=full) every major as source and as target.
 *
 * Column lists and row filters are PostgreSQL 15, on the source and (for the initial copy) on the
 * target: where either side is older the plan refuses the repository's changeset 3 (a column
 * list), naming it, and the pair goes on with that member published whole (what a user of such a
 * pair must write).
 */
const CI_PAIRS: readonly VersionPair[] = [
  { source: 12, target: 18 },
  { source: 12, target: 12 },
  { source: 18, target: 18 },
];
const matrixMajors = process.env.REPLCTL_TEST_PG_VERSIONS
  ? testPgVersions([])
  : fullReliability
    ? SUPPORTED_MAJORS
    : undefined;
const PAIRS = versionPairs({ ci: CI_PAIRS, majors: matrixMajors });
const STEP_TIMEOUT = 600_000;
const COLUMN_LIST_SINCE = 15;
const installed = await installedMajors();

/** What each pair did, for the figures. */
interface PairOutcome {
  readonly pair: VersionPair;
  readonly startedAt: number;
  finishedAt?: number;
  /** The environment started (a failed beforeAll fails the steps without running them). */
  started: boolean;
  failedSteps: number;
  rowsWritten: number;
}
const outcomes: PairOutcome[] = [];

afterAll(() => {
  const passed = outcomes.filter(pairPassed).length;
  reportFigures('compatibility (PostgreSQL source→target, end to end)', {
    'pairs run': outcomes.length,
    passed,
    failed: outcomes.length - passed,
  });
  for (const o of outcomes) {
    reportFigures(`compatibility ${pairLabel(o.pair)}`, {
      result: pairPassed(o)
        ? 'passed'
        : o.started
          ? `FAILED (${o.failedSteps} steps)`
          : 'FAILED (no environment)',
      duration: `${Math.round(((o.finishedAt ?? Date.now()) - o.startedAt) / 1000)} s`,
      'rows written': o.rowsWritten,
    });
  }
});

for (const pair of PAIRS) {
  const missing = [pair.source, pair.target].filter((m) => !installed.includes(m));
  // Locally a missing major is skipped with a reason; in CI it is a failed install, so the pair runs and fails.
  const skip = missing.length > 0 && !process.env.CI;
  if (skip) {
    console.warn(
      `PostgreSQL ${missing.join(', ')} binaries are not installed: skipping ${pairLabel(pair)} (npm run test:matrix installs them)`,
    );
  }
  describe.skipIf(skip).sequential(`PostgreSQL ${pairLabel(pair)}`, () => {
    const hasColumnLists = pair.source >= COLUMN_LIST_SINCE && pair.target >= COLUMN_LIST_SINCE;
    const published = hasColumnLists ? PUBLISHED_AT_LATEST : wholeOrderItems(PUBLISHED_AT_LATEST);
    let e: E2eEnvironment;
    let load: WriteLoad | undefined;
    let outcome: PairOutcome;

    beforeAll(async () => {
      outcome = { pair, startedAt: Date.now(), started: false, failedSteps: 0, rowsWritten: 0 };
      outcomes.push(outcome);
      [e] = await Promise.all([
        startE2eEnvironment({ sourceVersion: pair.source, targetVersion: pair.target }),
        buildOnce(),
      ]);
      outcome.started = true;
    }, 300_000);
    beforeEach(({ onTestFailed }) => {
      onTestFailed(() => {
        outcome.failedSteps += 1;
      });
    });
    afterAll(async () => {
      outcome.finishedAt = Date.now();
      const written = await load?.stop();
      if (written) outcome.rowsWritten += written.committed;
      await e?.stop();
    });

    it('runs the asked majors, the RDS engine following the target', async () => {
      expect(await serverMajor(e.local.sourceUrl)).toBe(pair.source);
      expect(await serverMajor(e.local.targetUrl)).toBe(pair.target);
    });

    it.runIf(!hasColumnLists)(
      'refuses the column list of changeset 3 before changing anything, naming it and the older version',
      { timeout: STEP_TIMEOUT },
      async () => {
        const result = await e.run('apply', '--auto-approve');
        expect(result.code, output(result)).toBe(1);
        expect(result.stderr).toContain(columnListRefusal(pair));
        expect(await publicationCount(e)).toBe(0);
        await publishOrderItemsWhole(e.project);
      },
    );

    it('applies every changeset while the source takes writes, and the rows replicate', {
      timeout: STEP_TIMEOUT,
    }, async () => {
      load = startWriteLoad(e.local.sourceUrl);
      await load.more(20, 120_000);
      const result = await e.run('apply', '--auto-approve');
      expect(result.code, output(result)).toBe(0);
      expect(result.stdout).toMatch(/Live at version 4\.$/m);
      await load.more(20, 120_000);
      outcome.rowsWritten += (await load.stop()).committed;
      load = undefined;
      await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, published);
    });

    it('verifies, and plans nothing more', { timeout: STEP_TIMEOUT }, async () => {
      await expectVerifiedAndConverged(e, []);
    });

    it('rolls back to version 1, which still replicates', { timeout: STEP_TIMEOUT }, async () => {
      const result = await e.run('rollback', '--to', '1', '--allow-destructive', '--auto-approve');
      expect(result.code, output(result)).toBe(0);
      await expectVerifiedAndConverged(e, ['--to', '1']);
      await writeAndExpectReplicated(e, outcome, {
        'public.users': published['public.users']!,
        'public.orders': published['public.orders']!,
      });
    });

    it('rolls forward to the latest version', { timeout: STEP_TIMEOUT }, async () => {
      const result = await e.run('apply', '--auto-approve', '--allow-destructive');
      expect(result.code, output(result)).toBe(0);
      expect(result.stdout).toMatch(/Live at version 4\.$/m);
      await writeAndExpectReplicated(e, outcome, published);
      await expectVerifiedAndConverged(e, []);
    });
  });
}

function pairPassed(o: PairOutcome): boolean {
  return o.started && o.failedSteps === 0;
}

/** What the plan says of changeset 3's column list where one side is older than 15. */
function columnListRefusal(pair: VersionPair): string {
  const member = 'source.publications.my_publication.tables."public.order_items".columns';
  return pair.source < COLUMN_LIST_SINCE
    ? `${member}: a column list needs PostgreSQL 15 or later, but the source runs PostgreSQL ${pair.source}.`
    : `target.subscriptions.my_subscription (copy_data) with ${member}: the initial copy of a column list ` +
        `(an older subscriber copies the whole table) needs PostgreSQL 15 or later on the target, but the target runs PostgreSQL ${pair.target}.`;
}

function output(result: CliResult): string {
  return `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

async function serverMajor(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ major: number }>(
      `SELECT current_setting('server_version_num')::int / 10000 AS major`,
    );
    return rows[0]!.major;
  });
}

async function publicationCount(e: E2eEnvironment): Promise<number> {
  return withClient(e.local.sourceAdminUrl(), async (c) => {
    const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_publication');
    return rows[0]!.n;
  });
}

/** verify exits 0 and the plan (to `planArgs`' version) has no changes. */
async function expectVerifiedAndConverged(e: E2eEnvironment, planArgs: readonly string[]): Promise<void> {
  const verify = await e.run('verify', '--timeout', '120');
  expect(verify.code, output(verify)).toBe(0);
  const plan = await e.run('plan', ...planArgs, '--detailed-exitcode');
  expect(plan.code, output(plan)).toBe(0);
}

/** A short write load, then the target holds the source's rows of `tables`. */
async function writeAndExpectReplicated(
  e: E2eEnvironment,
  outcome: PairOutcome,
  tables: Readonly<Record<string, string>>,
): Promise<void> {
  const load = startWriteLoad(e.local.sourceUrl);
  try {
    await load.more(20, 120_000);
  } finally {
    outcome.rowsWritten += (await load.stop()).committed;
  }
  await expectTargetToMatchSource(e.local.sourceUrl, e.targetAppUrl, tables);
}

/** Changeset 3 for a source older than 15: order_items published with every column. */
async function publishOrderItemsWhole(project: string): Promise<void> {
  const file = join(project, 'changesets', '0003-order-items-not-invoices.yaml');
  const text = await readFile(file, 'utf8');
  const columnList = 'public.order_items: { columns: [order_id, line_no, sku] }';
  if (!text.includes(columnList)) throw new Error(`expected ${file} to hold ${columnList}`);
  await writeFile(file, text.replace(columnList, 'public.order_items: {}'));
}

function wholeOrderItems(tables: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return { ...tables, 'public.order_items': 'order_id, line_no, sku, qty' };
}
