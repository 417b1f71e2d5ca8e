import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LiveState } from '../../../src/model/live-state.js';
import type { SqlStep } from '../../../src/planner/plan.js';
import { displaySql, executableSql } from '../../../src/planner/sql-text.js';
import {
  context,
  freshSettings,
  lines,
  liveState,
  planFor,
  publication,
  rds,
  runbookDesired,
  runbookLive,
  sourceTables,
  subscription,
} from './builders.js';

/** Design §2's changeset 2: replicate invoices, stop replicating users. */
const v2Patch = {
  version: 2,
  source: {
    grants: { replicator: { select: { 'public.invoices': {}, 'public.users': null } } },
    publications: { my_publication: { tables: { 'public.invoices': {}, 'public.users': null } } },
  },
  target: { tables: { 'public.invoices': { from: 'source' } } },
};

function v2Desired(): DesiredState {
  const v1 = runbookDesired();
  return {
    ...v1,
    source: {
      ...v1.source,
      grants: {
        replicator: {
          connect: true,
          usage: ['public'],
          select: { 'public.orders': {}, 'public.invoices': {} },
        },
      },
      publications: {
        my_publication: {
          publish: ['insert', 'update', 'delete', 'truncate'],
          tables: { 'public.orders': { columns: ['id', 'user_id', 'total'] }, 'public.invoices': {} },
        },
      },
    },
    target: { ...v1.target, tables: { ...v1.target!.tables, 'public.invoices': { from: 'source' } } },
  };
}

function withInvoicesAtSource(live: LiveState): LiveState {
  return {
    ...live,
    source: {
      ...live.source,
      tables: { ...live.source.tables, 'public.invoices': sourceTables()['public.users']! },
    },
  };
}

/** The live state once version 2 is applied. */
function v2Live(): LiveState {
  const v1 = withInvoicesAtSource(runbookLive());
  return {
    ...v1,
    source: {
      ...v1.source,
      grants: {
        replicator: { connect: true, usage: ['public'], select: ['public.invoices', 'public.orders'] },
      },
      publications: {
        my_publication: publication({
          'public.orders': { columns: ['id', 'user_id', 'total'] },
          'public.invoices': {},
        }),
      },
    },
    target: {
      ...v1.target,
      tables: { ...v1.target.tables, 'public.invoices': sourceTables()['public.users']! },
      subscriptions: {
        my_subscription: subscription({
          tables: { 'public.orders': { state: 'r' }, 'public.invoices': { state: 'r' } },
        }),
      },
    },
  };
}

describe('managed scope: what changesets mention, and only that', () => {
  const documents = [runbookDesired(), v2Patch];

  it('applies version 2 over version 1: add invoices, remove users (null), keep the users target table', () => {
    const result = planFor(v2Desired(), withInvoicesAtSource(runbookLive()), { documents });
    expect(lines(result)).toEqual([
      'source.grant.replicator.select: GRANT SELECT ON TABLE "public"."invoices" TO "replicator";',
      'target.tables.create: CREATE TABLE "public"."invoices" ("id" bigint NOT NULL, "email" text NOT NULL, "name" text, PRIMARY KEY ("id"));',
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."invoices";',
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      'target.subscription.my_subscription.wait-synced: wait {"kind":"subscription-synced","subscription":"my_subscription"}',
      'source.publication.my_publication.drop-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."users";',
      'target.subscription.my_subscription.refresh-after-removal: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      'source.grant.replicator.revoke-select: REVOKE SELECT ON TABLE "public"."users" FROM "replicator";',
    ]);
  });

  it('rolls back to version 1: removes what version 2 added, restores what it removed', () => {
    const result = planFor(runbookDesired(), v2Live(), { documents });
    expect(lines(result)).toEqual([
      'source.grant.replicator.select: GRANT SELECT ON TABLE "public"."users" TO "replicator";',
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."users";',
      // The users rows kept on the target since version 2 would collide with the new initial copy.
      'target.subscription.my_subscription.truncate-tables: TRUNCATE TABLE "public"."users";',
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      'target.subscription.my_subscription.wait-synced: wait {"kind":"subscription-synced","subscription":"my_subscription"}',
      'source.publication.my_publication.drop-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."invoices";',
      'target.subscription.my_subscription.refresh-after-removal: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      'source.grant.replicator.revoke-select: REVOKE SELECT ON TABLE "public"."invoices" FROM "replicator";',
    ]);
  });

  it('without version 2 in scope, a rollback would not see what it added', () => {
    const result = planFor(runbookDesired(), v2Live(), { documents: [runbookDesired()] });
    expect(result.steps.filter((s) => s.action === '-').map((s) => s.id)).toEqual([
      // users re-enters the subscription: its target rows from before must go first.
      'target.subscription.my_subscription.truncate-tables',
    ]);
  });

  it('never touches members, grants or objects no changeset mentioned', () => {
    const live = runbookLive();
    const cluttered: LiveState = {
      ...live,
      source: {
        ...live.source,
        settings: { ...live.source.settings, work_mem: freshSettings().max_wal_senders! },
        grants: {
          replicator: {
            ...live.source.grants.replicator!,
            usage: ['public', 'hr'],
            select: [...live.source.grants.replicator!.select, 'hr.salaries'],
          },
        },
        publications: {
          ...live.source.publications,
          my_publication: publication({
            ...live.source.publications.my_publication!.tables,
            'hr.salaries': {},
          }),
          someone_elses: publication({ 'public.users': {} }),
        },
      },
      target: {
        ...live.target,
        subscriptions: {
          ...live.target.subscriptions,
          someone_elses: subscription({ publications: ['someone_elses'] }),
        },
      },
    };
    expect(planFor(runbookDesired(), cluttered, { documents }).steps).toEqual([]);
  });
});

describe('secrets', () => {
  it('never appear in a plan, its displayed SQL or its JSON; apply resolves them', () => {
    const secret = "Pa55'word\\with quote";
    const rotation = context({
      secrets: {
        roles: { replicator: { matches: false, fingerprint: 'replctl:v1:scrypt:x:y' } },
        subscriptions: { my_subscription: { matches: false, fingerprint: 'replctl:v1:scrypt:x:z' } },
      },
    });
    const fresh = planFor(
      runbookDesired(),
      liveState({ source: { settings: freshSettings() }, rds: rds({}) }),
    );
    const rotated = planFor(runbookDesired(), runbookLive(), { context: rotation });
    expect(rotated.steps.map((s) => s.id)).toEqual([
      'source.role.replicator.password',
      'target.subscription.my_subscription.connection',
    ]);
    for (const plan of [fresh, rotated]) {
      expect(JSON.stringify(plan)).not.toContain('Pa55');
      const sqlSteps = plan.steps.filter((s): s is SqlStep => s.kind === 'sql');
      for (const step of sqlSteps) expect(displaySql(step.sql)).not.toContain('Pa55');
      const executed = sqlSteps.map((s) => executableSql(s.sql, () => secret)).join('\n');
      expect(executed).toMatch(/PASSWORD 'SCRAM-SHA-256\$4096:/);
      expect(executed).not.toContain(`PASSWORD E'Pa55`);
      expect(executed).toContain(String.raw`password=''Pa55\\''word\\\\with quote''`);
    }
  });
});
