import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINT_RULES, UNKNOWN_WAIVER_RULE } from '../../src/lint/index.js';
import { withClient } from '../../src/local/with-client.js';
import type { StatusReport } from '../../src/status/status-report.js';
import type { VerifyReport } from '../../src/verify/verify-report.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { eventually, withDatabase } from '../support/local-env.js';
import { type CliResult, replctl } from '../support/replctl-cli.js';
import { snapshotWorld } from '../support/world-snapshot.js';

/**
 * replctl lint, status and verify on the local environment, through the built CLI: every lint rule
 * fires on a crafted case and none on the applied sample; status shows the subscription streaming
 * with its lag; verify passes after replication and names the table (and row) changed by hand.
 */

interface LintJson {
  readonly summary: { readonly errors: number; readonly blocking: number };
  readonly findings: readonly {
    ruleId: string;
    severity: string;
    object: string;
    message: string;
    waived?: string;
  }[];
}

let e: E2eEnvironment;
const crafted: string[] = [];
/** Rule ids seen firing on a crafted case, to prove every rule was exercised. */
const fired = new Set<string>();

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
}, 300_000);

afterAll(async () => {
  await Promise.all([e?.stop(), ...crafted.map((dir) => rm(dir, { recursive: true, force: true }))]);
});

/**
 * A user's project next to the environment's: the repository's changesets plus `extra` ones
 * (YAML by version from 5), replctl.yaml edited by `config`, `.replctl/local` linked likewise.
 */
async function craftedProject(
  extra: readonly string[],
  config: (text: string) => string = (t) => t,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'replctl-lint-'));
  crafted.push(dir);
  await cp(join(e.project, 'changesets'), join(dir, 'changesets'), { recursive: true });
  for (const [i, body] of extra.entries()) {
    const version = 5 + i;
    await writeFile(
      join(dir, 'changesets', `000${version}-crafted.yaml`),
      `version: ${version}\ndescription: crafted case ${version}\n${body}`,
    );
  }
  await writeFile(join(dir, 'replctl.yaml'), config(await readFile(join(e.project, 'replctl.yaml'), 'utf8')));
  await symlink(join(e.project, '.replctl'), join(dir, '.replctl'));
  return dir;
}

async function lintJson(
  project: string,
  env: Record<string, string> = {},
): Promise<LintJson & { code: number | null }> {
  const result = await replctl(['lint', '--format', 'json'], { project, env: { ...e.env, ...env } });
  expect(result.stderr).toBe('');
  const parsed = JSON.parse(result.stdout) as LintJson;
  for (const f of parsed.findings) fired.add(f.ruleId);
  return { ...parsed, code: result.code };
}

function rules(report: LintJson): string[] {
  return [...new Set(report.findings.map((f) => f.ruleId))].sort();
}

function finding(report: LintJson, ruleId: string) {
  const found = report.findings.find((f) => f.ruleId === ruleId);
  expect(found, `${ruleId} in ${JSON.stringify(report.findings.map((f) => f.ruleId))}`).toBeDefined();
  return found!;
}

const onSource = <T>(sql: string, params: unknown[] = []) =>
  withClient(e.local.sourceUrl, async (c) => (await c.query(sql, params)).rows as T[]);
const onTarget = <T>(sql: string, params: unknown[] = []) =>
  withClient(e.targetAppUrl, async (c) => (await c.query(sql, params)).rows as T[]);

function output(result: CliResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

describe.sequential('lint, status and verify on the local environment', () => {
  it('lint on the fresh sample: no errors, only the restart and reboot the plan makes', async () => {
    const report = await lintJson(e.project);
    expect(report.code).toBe(0);
    expect(rules(report)).toEqual(['rds-reboot-required', 'source-restart-required']);
    expect(report.findings.every((f) => f.severity === 'warning')).toBe(true);
    const text = await e.run('plan');
    expect(text.stdout).toContain('Lint: no errors, 2 warnings, no infos.');
    const markdown = await e.run('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain('### Lint findings');
  });

  it('publishing audit_log (no primary key) fires replica-identity-missing, and apply refuses before any change', async () => {
    const audit = `source:
  grants: { replicator: { select: { public.audit_log: {} } } }
  publications: { my_publication: { tables: { public.audit_log: {} } } }
target:
  tables: { public.audit_log: { from: source } }
`;
    const project = await craftedProject([audit]);
    const report = await lintJson(project);
    expect(report.code).toBe(1);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.object])).toEqual([
      ['replica-identity-missing', 'public.audit_log'],
    ]);
    const before = await snapshotWorld(e.local);
    const apply = await replctl(['apply', '--auto-approve', '--allow-destructive'], { project, env: e.env });
    expect(apply.code, output(apply)).toBe(1);
    expect(apply.stderr).toContain('lint found 1 error; nothing was changed');
    expect(apply.stderr).toContain('replica-identity-missing on public.audit_log');
    expect(await snapshotWorld(e.local)).toEqual(before);

    // Waived in the changeset (and a waiver naming no rule is reported), lint passes.
    const waived = await craftedProject([
      `${audit}lint:\n  waive:\n    replica-identity-missing: { public.audit_log: "insert-only log" }\n    no-such-rule: { x: y }\n`,
    ]);
    const after = await lintJson(waived);
    expect(after.code).toBe(0);
    expect(finding(after, 'replica-identity-missing').waived).toBe('insert-only log');
    expect(finding(after, UNKNOWN_WAIVER_RULE).object).toBe('no-such-rule');
  });

  it("apply of the repository's changesets succeeds", async () => {
    const result = await e.run('apply', '--auto-approve', '--allow-destructive');
    expect(result.code, output(result)).toBe(0);
  });

  it('lint stays quiet on the applied sample', async () => {
    await eventually('the slot to be streamed', async () => {
      const rows = await onSource<{ active: boolean }>(
        `SELECT active FROM pg_replication_slots WHERE slot_name = 'my_subscription'`,
      );
      return rows[0]?.active === true;
    });
    const report = await lintJson(e.project);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
    const text = await e.run('lint');
    expect(text.stdout).toContain('Lint: no errors, no warnings, no infos.');
  });

  it('status shows the subscription streaming, its lag, ready tables, the slot and the last run', async () => {
    await onSource(`UPDATE public.users SET name = name || '.' WHERE id <= 50`);
    let report: StatusReport | undefined;
    await eventually('status to show streaming', async () => {
      const result = await e.run('status', '--format', 'json');
      expect(result.code, output(result)).toBe(0);
      report = JSON.parse(result.stdout) as StatusReport;
      return report.subscriptions[0]?.walsender?.state === 'streaming';
    });
    const sub = report!.subscriptions[0]!;
    expect(sub).toMatchObject({
      name: 'my_subscription',
      exists: true,
      enabled: true,
      slotName: 'my_subscription',
    });
    expect(sub.applyWorker.running).toBe(true);
    expect(typeof sub.lag.bytes).toBe('number');
    expect(sub.lag.bytes).toBeGreaterThanOrEqual(0);
    expect(sub.tables.map((t) => [t.table, t.state])).toEqual([
      ['public.Customer Notes', 'r'],
      ['public.order_items', 'r'],
      ['public.orders', 'r'],
      ['public.users', 'r'],
    ]);
    expect(sub.counters).toMatchObject({ apply_error_count: 0, sync_error_count: 0 });
    expect(report!.slots).toContainEqual(
      expect.objectContaining({ name: 'my_subscription', active: true, subscription: 'my_subscription' }),
    );
    expect(report!.journal).toMatchObject({ liveVersion: 4, latestVersion: 4 });
    expect(report!.journal.runs[0]).toMatchObject({ kind: 'apply', outcome: 'succeeded', targetVersion: 4 });
    expect(report!.rds).toMatchObject({
      parameterApplyStatus: 'in-sync',
      parameterGroup: 'logical-replication-pg',
    });
    expect(report!.source.pendingRestart).toEqual([]);
    expect(report!.attention).toEqual([]);

    const text = await e.run('status');
    expect(text.stdout).toMatch(
      /my_subscription {2}enabled, apply worker running \(pid \d+\), walsender streaming/,
    );
    expect(text.stdout).toMatch(/ {4}lag: [\d.]+ (bytes|kB|MB)/);
    expect(text.stdout).toContain('tables: 4 ready');
    expect(text.stdout).toContain('All is well: nothing needs attention.');
  });

  it('verify passes after replication, in one key range or many', async () => {
    await onSource(`INSERT INTO public.orders (id, user_id, total, status) VALUES (5001, 1, 12.5, 'new')`);
    const result = await e.run('verify', '--timeout', '60');
    expect(result.code, output(result)).toBe(0);
    for (const table of ['public.Customer Notes', 'public.order_items', 'public.orders', 'public.users']) {
      expect(result.stdout).toMatch(new RegExp(`equal +${table.replace(/[.*"]/g, '\\$&')}`));
    }
    expect(result.stdout).toContain('Verified 4 tables: source and target are equal.');
    const chunked = await e.run('verify', '--chunk-rows', '100', '--format', 'json');
    expect(chunked.code, output(chunked)).toBe(0);
    const report = JSON.parse(chunked.stdout) as VerifyReport;
    expect(report.catchUp.caughtUp).toBe(true);
    expect(report.tables.find((t) => t.table === 'public.orders')).toMatchObject({
      sourceRows: 801,
      targetRows: 801,
      equal: true,
      chunks: 9,
    });
  });

  it('verify fails, naming the table and rows, when target rows are changed by hand', async () => {
    await onTarget(`UPDATE public.orders SET total = total + 1 WHERE id = 17`);
    await onTarget(`DELETE FROM public.users WHERE id = 42`);
    // order_items publishes (order_id, line_no, sku) only: a change to qty is not a difference.
    await onSource(`UPDATE public.order_items SET qty = qty + 10 WHERE order_id = 1`);
    const result = await e.run('verify', '--chunk-rows', '300');
    expect(result.code, output(result)).toBe(1);
    expect(result.stdout).toMatch(/DIFFERENT +public\.orders/);
    expect(result.stdout).toContain('1 row with different values: id=17');
    expect(result.stdout).toMatch(/DIFFERENT +public\.users/);
    expect(result.stdout).toContain('row counts differ: source 500, target 499');
    expect(result.stdout).toContain('1 row missing on the target: id=42');
    expect(result.stdout).toMatch(/equal +public\.order_items/);
    expect(result.stdout).toContain('Verified 4 tables: 2 different.');

    const one = await e.run('verify', '--table', 'public.order_items', '--format', 'json');
    expect(one.code, output(one)).toBe(0);
    expect((JSON.parse(one.stdout) as VerifyReport).tables.map((t) => t.table)).toEqual([
      'public.order_items',
    ]);
    const unknown = await e.run('verify', '--table', 'public.audit_log');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('expected --table to name a replicated table');
  });

  it('target tables: incompatible, lossy, missing and NOT NULL columns; a non-empty table copied into; sequences', async () => {
    await onSource(`CREATE TABLE public.crafted_types (id bigint PRIMARY KEY, amount numeric(12,2), note text, created timestamptz);
      CREATE TABLE public.crafted_seq (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)`);
    // Made by hand before replctl manages it: the plan adds the columns it lacks, but changes no type.
    await onTarget(`CREATE TABLE public.crafted_types (id timestamptz PRIMARY KEY, amount numeric(6,2), extra text NOT NULL);
      INSERT INTO public.crafted_types VALUES (now(), 1, 'x')`);
    const project = await craftedProject([
      `source:
  grants: { replicator: { select: { public.crafted_types: {}, public.crafted_seq: {} } } }
  publications: { my_publication: { tables: { public.crafted_types: {}, public.crafted_seq: {} } } }
target:
  tables:
    public.crafted_types: { from: source }
    public.crafted_seq: { columns: { id: { type: bigint, notNull: true } } }
`,
    ]);
    const report = await lintJson(project);
    expect(report.code).toBe(1);
    expect(finding(report, 'target-column-type-incompatible').message).toContain(
      'id (bigint → timestamp with time zone)',
    );
    expect(finding(report, 'target-column-type-lossy').message).toContain(
      'amount (numeric(12,2) → numeric(6,2))',
    );
    expect(finding(report, 'target-column-not-null-unpublished').message).toContain('NOT NULL column extra');
    expect(finding(report, 'copy-data-non-empty-target').object).toBe('public.crafted_types');
    expect(finding(report, 'target-column-missing')).toMatchObject({ object: 'public.crafted_seq' });
    expect(finding(report, 'target-column-missing').message).toContain('lacks published column v');
    expect(finding(report, 'sequences-not-replicated')).toMatchObject({
      severity: 'info',
      object: 'public.crafted_seq',
    });
    // The repository's own changesets know nothing of them.
    expect((await lintJson(e.project)).findings).toEqual([]);
  });

  it('publications: column list and row filter outside the replica identity (15+)', async () => {
    const project = await craftedProject([
      `source:
  publications:
    crafted_pub:
      publish: [insert, update, delete]
      tables: { public.orders: { columns: [user_id, total], where: "status = 'paid'" } }
`,
    ]);
    const report = await lintJson(project);
    expect(finding(report, 'column-list-missing-replica-identity').message).toContain('leaves out column id');
    expect(finding(report, 'row-filter-outside-replica-identity').message).toContain('uses column status');
  });

  it('capacity, restarts and reboots, and wal_level', async () => {
    const project = await craftedProject([
      `source:
  settings: { max_replication_slots: 1, max_wal_senders: 0, wal_level: replica }
target:
  parameterGroup:
    parameters: { max_logical_replication_workers: 2, max_worker_processes: 2 }
  subscriptions:
    crafted_sub: { publications: [my_publication], enabled: true }
`,
    ]);
    const report = await lintJson(project);
    expect(report.code).toBe(1);
    expect(rules(report)).toEqual(
      expect.arrayContaining([
        'replication-slots-capacity',
        'wal-senders-capacity',
        'wal-senders-below-slots',
        'worker-processes-capacity',
        'logical-workers-capacity',
        'initial-sync-capacity',
        'source-restart-required',
        'rds-reboot-required',
        'wal-level-not-logical',
      ]),
    );
    expect(finding(report, 'replication-slots-capacity').message).toContain(
      '2 replication slots (crafted_sub, my_subscription)',
    );
    expect(finding(report, 'rds-reboot-required').message).toContain(
      'static parameters change: max_logical_replication_workers, max_worker_processes',
    );
  });

  it('the role the subscription connects as: attributes, SELECT grants, and a pg_hba.conf line', async () => {
    const project = await craftedProject(['source:\n  roles: { analyst: { login: true } }\n'], (t) =>
      t.replace('user: replicator', 'user: analyst'),
    );
    const report = await lintJson(project);
    expect(report.code).toBe(1);
    expect(finding(report, 'replication-role-attributes').message).toContain('will lack REPLICATION');
    expect(
      report.findings.filter((f) => f.ruleId === 'replication-role-select-missing').map((f) => f.object),
    ).toEqual(['public.Customer Notes', 'public.order_items', 'public.orders', 'public.users']);
    expect(finding(report, 'pg-hba-no-match')).toMatchObject({ severity: 'error', object: 'analyst@app' });
  });

  it('slots: an orphan, and a paused subscription whose slot retains WAL', async () => {
    await onSource(`SELECT pg_create_logical_replication_slot('crafted_orphan', 'pgoutput')`);
    const orphan = await lintJson(e.project);
    expect(finding(orphan, 'replication-slot-orphan').object).toBe('crafted_orphan');
    await onSource(`SELECT pg_drop_replication_slot('crafted_orphan')`);

    const paused = await craftedProject([
      'target:\n  subscriptions: { my_subscription: { enabled: false } }\n',
    ]);
    await withClient(e.local.targetAdminUrl('app'), (c) =>
      c.query('ALTER SUBSCRIPTION my_subscription DISABLE'),
    );
    try {
      await eventually('the slot to go inactive', async () => {
        const rows = await onSource<{ active: boolean }>(
          `SELECT active FROM pg_replication_slots WHERE slot_name = 'my_subscription'`,
        );
        return rows[0]?.active === false;
      });
      const report = await lintJson(paused);
      expect(finding(report, 'replication-slot-inactive').message).toContain('the subscription is disabled');
      const status = JSON.parse((await e.run('status', '--format', 'json')).stdout) as StatusReport;
      expect(status.subscriptions[0]).toMatchObject({ enabled: false, applyWorker: { running: false } });
      expect(status.attention.join('\n')).toContain('Subscription my_subscription is disabled (paused)');
    } finally {
      await withClient(e.local.targetAdminUrl('app'), (c) =>
        c.query('ALTER SUBSCRIPTION my_subscription ENABLE'),
      );
    }
  });

  it('pg_hba.conf: no line for the role, a line with an error, and unreadable; sslmode; superuser-only publications', async () => {
    const hbaFile = (await onSource<{ hba_file: string }>('SHOW hba_file'))[0]!.hba_file;
    const original = await readFile(hbaFile, 'utf8');
    const password = 'crafted-deployer-pw';
    try {
      await writeFile(
        hbaFile,
        `${original}host app deployer 127.0.0.1/32 scram-sha-256\nhots app nobody 127.0.0.1/32 md5\n`,
      );
      await onSource('SELECT pg_reload_conf()');
      const broken = await lintJson(e.project);
      expect(finding(broken, 'pg-hba-line-error').message).toContain('invalid connection type "hots"');

      const remote = await craftedProject([], (t) => t.replace('host: 127.0.0.1', 'host: source.internal'));
      expect(finding(await lintJson(remote), 'subscription-sslmode-insecure').object).toBe('my_subscription');

      // PostgreSQL keeps the old rules while the file has an error: without it, the deployer line loads.
      await writeFile(hbaFile, `${original}host app deployer 127.0.0.1/32 scram-sha-256\n`);
      await onSource('SELECT pg_reload_conf()');
      await onSource(`CREATE ROLE deployer LOGIN PASSWORD '${password}'`);
      const everything = await craftedProject([
        'source:\n  publications: { everything: { allTables: true } }\n',
      ]);
      const url = new URL(withDatabase(e.local.sourceUrl, 'app'));
      url.username = 'deployer';
      url.password = password;
      const asDeployer = await lintJson(everything, { SOURCE_DATABASE_URL: url.toString() });
      expect(finding(asDeployer, 'publication-requires-superuser').object).toBe('everything');
      expect(finding(asDeployer, 'pg-hba-unchecked').severity).toBe('info');
    } finally {
      await writeFile(hbaFile, original);
      await onSource('SELECT pg_reload_conf()');
    }
  });

  it('verify honours row filters and column lists: only the published rows and columns count', async () => {
    const project = await craftedProject([
      `source:
  grants: { replicator: { select: { public.invoices: {} } } }
  publications: { my_publication: { tables: { public.invoices: { columns: [id, amount], where: "id > 300" } } } }
`,
    ]);
    const apply = await replctl(['apply', '--auto-approve', '--allow-destructive'], { project, env: e.env });
    expect(apply.code, output(apply)).toBe(0);
    // Neither an unpublished column nor a filtered-out row is a difference.
    await onSource(`UPDATE public.invoices SET order_id = order_id + 1 WHERE id IN (10, 400)`);
    const equal = await replctl(['verify', '--table', 'public.invoices', '--format', 'json'], {
      project,
      env: e.env,
    });
    expect(equal.code, output(equal)).toBe(0);
    expect((JSON.parse(equal.stdout) as VerifyReport).tables).toEqual([
      expect.objectContaining({ table: 'public.invoices', sourceRows: 300, targetRows: 300, equal: true }),
    ]);
    await onTarget(`INSERT INTO public.invoices (id, amount) VALUES (5, 1)`);
    const extra = await replctl(['verify', '--table', 'public.invoices'], { project, env: e.env });
    expect(extra.code, output(extra)).toBe(1);
    expect(extra.stdout).toContain('1 row on the target only: id=5');
  });

  it('every rule fired on a crafted case', () => {
    expect([...fired].sort()).toEqual([...LINT_RULES.map((r) => r.id), UNKNOWN_WAIVER_RULE].sort());
  });
});
