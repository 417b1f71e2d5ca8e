import { beforeAll, describe, expect, it } from 'vitest';
import type { Changeset } from '../../../src/changesets/changeset.js';
import { fold, foldSteps } from '../../../src/changesets/fold.js';
import type { JsonObject } from '../../../src/changesets/json.js';
import type { EnvironmentConfig } from '../../../src/config/config.js';
import { loadProject } from '../../../src/config/load-project.js';
import { managedScope, plan } from '../../../src/planner/index.js';
import {
  OFFLINE_CONNECTION_FINGERPRINT,
  offlineSecretFingerprint,
  synthesizeLiveState,
  UNKNOWN_SOURCE_TYPE,
} from '../../../src/planner/synthesize-live-state.js';
import { offlinePlan } from '../../../src/review/offline-plan.js';
import { changesetOf } from '../changesets/helpers.js';
import { context, describeStep, lines } from '../planner/builders.js';

function offline(base: readonly Changeset[], head: readonly Changeset[]) {
  return offlinePlan({
    environment: 'local',
    config: local,
    base,
    head,
    toolVersion: '0.1.0',
    createdAt: '2025-01-01T00:00:00.000Z',
  }).plan;
}

let repo: readonly Changeset[];
/** replctl.yaml's local environment, as parsed: references stay references. */
let local: EnvironmentConfig;
beforeAll(async () => {
  const project = await loadProject('.');
  repo = project.changesets;
  local = project.config.config.environments.local!;
});

describe('synthesizeLiveState', () => {
  it('is a state the planner finds nothing to do in, at every version of the repository', () => {
    const states = [...foldSteps(repo)].map((s) => s.state);
    const scope = managedScope(repo.map((c) => c.document));
    for (const [i, applied] of states.entries()) {
      const live = synthesizeLiveState(applied, {
        history: states.slice(0, i),
        alsoNamed: states,
        sourceVersionNum: 170000,
        targetVersionNum: 170000,
        sourceDatabase: 'app',
        targetDatabase: 'postgres',
        rdsInstance: 'reporting-replica',
      });
      const ctx = context({
        targetVersion: i + 1,
        secrets: {
          roles: {
            replicator: {
              matches: true,
              fingerprint: offlineSecretFingerprint({ env: 'REPLICATOR_PASSWORD' }),
            },
          },
          subscriptions: { my_subscription: { matches: true, fingerprint: OFFLINE_CONNECTION_FINGERPRINT } },
        },
      });
      expect(lines(plan(applied, live, ctx, scope)), `version ${i + 1}`).toEqual([]);
    }
  });

  it('keeps target tables an earlier state created, and gives source tables the columns column lists name', () => {
    const states = [...foldSteps(repo)].map((s) => s.state);
    const live = synthesizeLiveState(states[2]!, {
      history: states.slice(0, 2),
      sourceVersionNum: 170000,
      targetVersionNum: 170000,
      sourceDatabase: 'app',
      targetDatabase: 'postgres',
    });
    // Version 3 stops replicating invoices; its target copy stays.
    expect(Object.keys(live.target.tables).sort()).toEqual([
      'public.invoices',
      'public.order_items',
      'public.orders',
      'public.users',
    ]);
    expect(Object.keys(live.source.publications.my_publication!.tables).sort()).toEqual([
      'public.order_items',
      'public.orders',
      'public.users',
    ]);
    expect(live.source.tables['public.order_items']!.columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', UNKNOWN_SOURCE_TYPE],
      ['line_no', UNKNOWN_SOURCE_TYPE],
      ['sku', UNKNOWN_SOURCE_TYPE],
    ]);
    expect(live.target.subscriptions.my_subscription!.tables).toEqual({
      'public.users': { state: 'r' },
      'public.orders': { state: 'r' },
      'public.order_items': { state: 'r' },
    });
    expect(live.source.grants.replicator!.select).toEqual([
      'public.users',
      'public.orders',
      'public.order_items',
    ]);
    expect(live.rds).toBeUndefined();
  });

  it('has a database only once a state names a target', () => {
    const live = synthesizeLiveState(
      {},
      {
        sourceVersionNum: 170000,
        targetVersionNum: 170000,
        sourceDatabase: 'app',
        targetDatabase: 'postgres',
      },
    );
    expect(live.target.databaseExists).toBe(false);
    expect(live.source.roles).toEqual({});
  });
});

describe('offlinePlan: the branch against the base as if applied', () => {
  it('is empty when the branch adds nothing', () => {
    expect(offline(repo, repo).steps).toEqual([]);
  });

  it('plans exactly what version 3 changes over version 2, keeping the invoices target table', () => {
    const result = offline(repo.slice(0, 2), repo.slice(0, 3));
    expect(result.targetVersion).toBe(3);
    expect(result.steps.map(describeStep)).toEqual([
      'source.grant.replicator.select: GRANT SELECT ON TABLE "public"."order_items" TO "replicator";',
      `target.tables.create: CREATE TABLE "public"."order_items" ("order_id" ${UNKNOWN_SOURCE_TYPE}, "line_no" ${UNKNOWN_SOURCE_TYPE}, "sku" ${UNKNOWN_SOURCE_TYPE});`,
      expect.stringMatching(
        /^source\.publication\.my_publication\.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"\."order_items" \("order_id", "line_no", "sku"\)/,
      ),
      expect.stringMatching(/^target\.subscription\.my_subscription\.refresh/),
      expect.stringMatching(/^target\.subscription\.my_subscription\.wait-synced/),
      'source.publication.my_publication.drop-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."invoices";',
      expect.stringMatching(/^target\.subscription\.my_subscription\.refresh-after-removal/),
      'source.grant.replicator.revoke-select: REVOKE SELECT ON TABLE "public"."invoices" FROM "replicator";',
    ]);
  });

  it('does not create again a target table an earlier version created (re-adding invoices)', () => {
    const readd = changesetOf(5, {
      source: {
        grants: { replicator: { select: { 'public.invoices': {} } } },
        publications: { my_publication: { tables: { 'public.invoices': {} } } },
      },
    } as JsonObject);
    const ids = offline(repo, [...repo, readd]).steps.map((s) => s.id);
    expect(ids).toContain('source.publication.my_publication.add-tables');
    expect(ids).not.toContain('target.tables.create');
  });

  it('restarts for a known postmaster setting and reboots RDS for a static parameter', () => {
    const bump = changesetOf(5, {
      source: { settings: { max_wal_senders: 20, work_mem: '64MB' } },
      target: { parameterGroup: { parameters: { max_worker_processes: 24, work_mem: 65536 } } },
    } as JsonObject);
    const result = offline(repo, [...repo, bump]);
    const text = result.steps.map(describeStep).join('\n');
    expect(text).toContain(`ALTER SYSTEM SET "max_wal_senders" = '20'`);
    expect(text).toContain(`ALTER SYSTEM SET "work_mem" = '64MB'`);
    expect(result.steps.map((s) => s.id)).toContain('source.restart');
    expect(text).toMatch(
      /"ParameterName":"max_worker_processes","ParameterValue":"24","ApplyMethod":"pending-reboot"/,
    );
    expect(text).toMatch(/"ParameterName":"work_mem","ParameterValue":"65536","ApplyMethod":"immediate"/);
    expect(result.steps.map((s) => s.id)).toContain('rds.instance.reporting-replica.reboot');
  });

  it('rotates a password whose reference changed, and only then', () => {
    const rotate = changesetOf(5, {
      source: { roles: { replicator: { password: { env: 'REPLICATOR_PASSWORD_2' } } } },
    } as JsonObject);
    const result = offline(repo, [...repo, rotate]);
    expect(result.steps.map((s) => s.id)).toContain('source.role.replicator.password');
    expect(result.steps.map(describeStep).join('\n')).toContain('<secret env:REPLICATOR_PASSWORD_2>');
  });

  it('plans everything, database included, against a base without changesets', () => {
    const result = offline([], repo.slice(0, 1));
    const ids = result.steps.map((s) => s.id);
    expect(ids).toContain('target.database.app.create');
    expect(ids).toContain('source.role.replicator.create');
    expect(ids).toContain('target.subscription.my_subscription.create');
    expect(result.steps.map(describeStep).join('\n')).toContain('port=<env:SOURCE_PORT>');
  });

  it('drops what the branch removes', () => {
    const drop = changesetOf(5, { target: { subscriptions: { my_subscription: null } } } as JsonObject);
    expect(
      offline(repo, [...repo, drop])
        .steps.filter((s) => s.destructive)
        .map((s) => s.id),
    ).toEqual(['target.subscription.my_subscription.drop']);
    expect(fold([...repo, drop]).target?.subscriptions).toEqual({});
  });
});
