import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { snapshotWorld, type WorldSnapshot } from '../support/world-snapshot.js';

/** The whole seed runbook for the repository's changesets 1..4 on a fresh environment. */
const RUNBOOK = [
  'source.setting.wal_level.set',
  'source.settings.reload',
  'source.restart',
  'source.restart.wait',
  'rds.parameter-group.logical-replication-pg.create',
  'rds.parameter-group.logical-replication-pg.modify.1',
  'rds.instance.reporting-replica.attach-parameter-group',
  'rds.instance.reporting-replica.reboot',
  'rds.instance.reporting-replica.wait-in-sync',
  'source.role.replicator.create',
  'source.grant.replicator.connect',
  'source.grant.replicator.usage',
  'source.grant.replicator.select',
  'target.database.app.create',
  'target.tables.create',
  'source.publication.my_publication.create',
  'target.subscription.my_subscription.create',
  'target.subscription.my_subscription.record-connection',
  'target.subscription.my_subscription.wait-synced',
];

/** [before, after]: the dependencies of design §4 that any valid order keeps. */
const MUST_PRECEDE: readonly (readonly [string, string])[] = [
  // Settings, then the restart that makes them take effect, before the publication needs wal_level.
  ['source.setting.wal_level.set', 'source.settings.reload'],
  ['source.settings.reload', 'source.restart'],
  ['source.restart', 'source.restart.wait'],
  ['source.restart.wait', 'source.publication.my_publication.create'],
  // The parameter group is created, filled, attached, the instance rebooted and waited for ...
  [
    'rds.parameter-group.logical-replication-pg.create',
    'rds.parameter-group.logical-replication-pg.modify.1',
  ],
  [
    'rds.parameter-group.logical-replication-pg.modify.1',
    'rds.instance.reporting-replica.attach-parameter-group',
  ],
  ['rds.instance.reporting-replica.attach-parameter-group', 'rds.instance.reporting-replica.reboot'],
  ['rds.instance.reporting-replica.reboot', 'rds.instance.reporting-replica.wait-in-sync'],
  // ... before the subscription needs rds.logical_replication.
  ['rds.instance.reporting-replica.wait-in-sync', 'target.subscription.my_subscription.create'],
  // The role and its grants before the publication.
  ['source.role.replicator.create', 'source.grant.replicator.connect'],
  ['source.role.replicator.create', 'source.grant.replicator.usage'],
  ['source.role.replicator.create', 'source.grant.replicator.select'],
  ['source.grant.replicator.connect', 'source.publication.my_publication.create'],
  ['source.grant.replicator.usage', 'source.publication.my_publication.create'],
  ['source.grant.replicator.select', 'source.publication.my_publication.create'],
  // The database and its tables, and the publication, before the subscription.
  ['target.database.app.create', 'target.tables.create'],
  ['target.tables.create', 'target.subscription.my_subscription.create'],
  ['source.publication.my_publication.create', 'target.subscription.my_subscription.create'],
  ['target.subscription.my_subscription.create', 'target.subscription.my_subscription.record-connection'],
];

let e: E2eEnvironment;
let pristine: WorldSnapshot;

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment(), buildOnce()]);
  pristine = await snapshotWorld(e.local);
});
afterAll(async () => {
  await e?.stop();
});

/** Step ids in the order the text plan numbers them (`  # 3. source.restart (for …)`). */
function textStepIds(text: string): string[] {
  return [...text.matchAll(/^ {2}# (\d+)\. (\S+) \(for /gm)].map((m, i) => {
    expect(Number(m[1]), `step numbering at ${m[2]}`).toBe(i + 1);
    return m[2]!;
  });
}

describe.sequential('plan on a fresh environment', () => {
  it('exits 2 with exactly the runbook, in an order that keeps every dependency, and changes nothing', async () => {
    const { code, stdout, stderr } = await e.run('plan', '--detailed-exitcode');
    expect(stderr).toBe('');
    expect(code).toBe(2);
    const ids = textStepIds(stdout);
    expect([...ids].sort()).toEqual([...RUNBOOK].sort());
    expect(ids).toHaveLength(RUNBOOK.length);
    for (const [before, after] of MUST_PRECEDE) {
      expect(ids.indexOf(before), `${before} before ${after} in:\n${ids.join('\n')}`).toBeLessThan(
        ids.indexOf(after),
      );
    }
    expect(ids.at(-1)).toBe('target.subscription.my_subscription.wait-synced');
    expect(stdout).toContain('Plan: 19 steps (10 to add, 4 to change, 0 to destroy, 2 restarts, 3 waits)');
    expect(await snapshotWorld(e.local)).toEqual(pristine);
  });

  it('without --detailed-exitcode exits 0 with the same plan', async () => {
    const { code, stdout } = await e.run('plan');
    expect(code).toBe(0);
    expect(textStepIds(stdout)).toHaveLength(RUNBOOK.length);
  });

  it('--format json validates against schemas/plan.schema.json and holds the same steps, and --out saves it', async () => {
    const text = await e.run('plan');
    const out = `${e.project}/plan.json`;
    const { code, stdout, stderr } = await e.run('plan', '--format', 'json', '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    const schema = JSON.parse(
      await readFile(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'),
    );
    const validate = new Ajv2020({ allErrors: true, strict: true, discriminator: true }).compile(schema);
    expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(document).toMatchObject({ formatVersion: 1, environment: 'local', targetVersion: 4 });
    const steps = document.steps as { id: string; endpoint: string; kind: string; transactional?: boolean }[];
    expect(steps.map((s) => s.id)).toEqual(textStepIds(text.stdout));
    const byId = (id: string) => steps.find((s) => s.id === id);
    expect(byId('target.database.app.create')).toMatchObject({ endpoint: 'target-admin', kind: 'sql' });
    expect(byId('rds.instance.reporting-replica.reboot')).toMatchObject({ endpoint: 'rds', kind: 'aws' });
    expect(byId('source.restart')).toMatchObject({ endpoint: 'host', kind: 'restart' });
    expect(byId('target.subscription.my_subscription.wait-synced')).toMatchObject({ kind: 'wait' });
    // The saved plan is the same document, apart from when it was made.
    const saved = JSON.parse(await readFile(out, 'utf8'));
    expect(validate(saved)).toBe(true);
    expect({ ...saved, createdAt: undefined }).toEqual({ ...document, createdAt: undefined });
    expect(await snapshotWorld(e.local)).toEqual(pristine);
  });

  it('--format markdown changes nothing either', async () => {
    const { code, stdout } = await e.run('plan', '--format', 'markdown', '--detailed-exitcode');
    expect(code).toBe(2);
    for (const id of RUNBOOK) expect(stdout).toContain(id);
    expect(await snapshotWorld(e.local)).toEqual(pristine);
  });
});

describe.sequential('apply without a terminal', () => {
  it('refuses with exit 1 before any change when --auto-approve is missing', async () => {
    const { code, stdout, stderr } = await e.run('apply');
    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: refusing to apply these steps without confirmation: no terminal to ask on; pass --auto-approve (nothing was changed)\n',
    );
    // The plan it would have run is shown first, and no run started.
    expect(textStepIds(stdout)).toHaveLength(RUNBOOK.length);
    expect(stdout).not.toMatch(/^run [0-9a-f-]{36}/m);
    expect(await snapshotWorld(e.local)).toEqual(pristine);
    const journal = await e.run('journal', '--format', 'json');
    expect(journal.code, journal.stderr).toBe(0);
    expect(JSON.parse(journal.stdout)).toMatchObject({ liveVersion: null, lockHolder: null, runs: [] });
    expect(await snapshotWorld(e.local)).toEqual(pristine);
  });
});
