import { describe, expect, it } from 'vitest';
import { ReplctlError } from '../../../src/errors.js';
import type { DesiredState, DesiredSubscription } from '../../../src/model/desired-state.js';
import type { LivePublication, LiveSubscription } from '../../../src/model/live-state.js';
import type { PlanContext } from '../../../src/planner/context.js';
import {
  column,
  context,
  ids,
  lines,
  liveState,
  planFor,
  publication,
  SUB_FP,
  stepById,
  subscription,
  table,
} from './builders.js';

const NEW_FP = 'replctl:v1:scrypt:bmV3:new-connection';
const WAIT =
  'target.subscription.my_subscription.wait-synced: wait {"kind":"subscription-synced","subscription":"my_subscription"}';
const ready = { 'public.users': { state: 'r' } };

const sub = (s: DesiredSubscription, source: DesiredState['source'] = {}): DesiredState => ({
  source,
  target: { subscriptions: { my_subscription: s } },
});

interface Case {
  readonly name: string;
  readonly desired: DesiredState;
  readonly subscriptions?: Record<string, LiveSubscription>;
  readonly publications?: Record<string, LivePublication>;
  readonly documents?: readonly unknown[];
  readonly context?: PlanContext;
  readonly want: readonly string[];
}

const cases: Case[] = [
  {
    name: 'create with options, the connection password as a placeholder, then record and wait',
    desired: sub({
      publications: ['my_publication', 'other'],
      options: { binary: true, streaming: 'parallel', copy_data: false },
    }),
    want: [
      `target.subscription.my_subscription.create: CREATE SUBSCRIPTION "my_subscription" CONNECTION 'host=10.0.0.5 port=5432 dbname=app user=replicator password=<secret env:REPLICATOR_PASSWORD> sslmode=require' PUBLICATION "my_publication", "other" WITH (binary = true, copy_data = false, streaming = 'parallel');`,
      `target.subscription.my_subscription.record-connection: COMMENT ON SUBSCRIPTION "my_subscription" IS '${SUB_FP}';`,
      WAIT,
    ],
  },
  {
    name: 'create disabled: no wait for a sync that cannot start',
    desired: sub({ publications: ['my_publication'], enabled: false }),
    want: [
      `target.subscription.my_subscription.create: CREATE SUBSCRIPTION "my_subscription" CONNECTION 'host=10.0.0.5 port=5432 dbname=app user=replicator password=<secret env:REPLICATOR_PASSWORD> sslmode=require' PUBLICATION "my_publication" WITH (enabled = false);`,
      `target.subscription.my_subscription.record-connection: COMMENT ON SUBSCRIPTION "my_subscription" IS '${SUB_FP}';`,
    ],
  },
  {
    name: 'pause: DISABLE',
    desired: sub({ publications: ['my_publication'], enabled: false }),
    subscriptions: { my_subscription: subscription({ tables: ready }) },
    want: ['target.subscription.my_subscription.disable: ALTER SUBSCRIPTION "my_subscription" DISABLE;'],
  },
  {
    name: 'resume: ENABLE, then wait for the tables',
    desired: sub({ publications: ['my_publication'], enabled: true }),
    subscriptions: { my_subscription: subscription({ enabled: false, tables: ready }) },
    want: ['target.subscription.my_subscription.enable: ALTER SUBSCRIPTION "my_subscription" ENABLE;', WAIT],
  },
  {
    name: 'options changed in place; create-only and unreported options are not compared',
    desired: sub({
      publications: ['my_publication'],
      options: { binary: 'on', streaming: 'parallel', copy_data: false, origin: 'none' },
    }),
    subscriptions: {
      my_subscription: subscription({ tables: ready, options: { binary: 'true', streaming: 'off' } }),
    },
    want: [
      `target.subscription.my_subscription.options: ALTER SUBSCRIPTION "my_subscription" SET (streaming = 'parallel');`,
    ],
  },
  {
    name: 'another publication: SET PUBLICATION (it refreshes) and wait',
    desired: sub({ publications: ['my_publication', 'other'] }),
    subscriptions: { my_subscription: subscription({ tables: ready }) },
    want: [
      'target.subscription.my_subscription.publications: ALTER SUBSCRIPTION "my_subscription" SET PUBLICATION "my_publication", "other";',
      WAIT,
    ],
  },
  {
    name: 'SET PUBLICATION on a disabled subscription cannot refresh',
    desired: sub({ publications: ['my_publication', 'other'], enabled: false }),
    subscriptions: { my_subscription: subscription({ enabled: false, tables: ready }) },
    want: [
      'target.subscription.my_subscription.publications: ALTER SUBSCRIPTION "my_subscription" SET PUBLICATION "my_publication", "other" WITH (refresh = false);',
    ],
  },
  {
    name: 'tables added to its publication: ADD TABLE, then REFRESH PUBLICATION, then wait',
    desired: sub(
      { publications: ['my_publication'] },
      { publications: { my_publication: { tables: { 'public.users': {}, 'public.orders': {} } } } },
    ),
    publications: { my_publication: publication({ 'public.users': {} }) },
    subscriptions: { my_subscription: subscription({ tables: ready }) },
    want: [
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders";',
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      WAIT,
    ],
  },
  {
    name: 'a published table the subscription never got (an interrupted refresh): REFRESH PUBLICATION',
    desired: sub(
      { publications: ['my_publication'] },
      { publications: { my_publication: { tables: { 'public.users': {}, 'public.orders': {} } } } },
    ),
    publications: { my_publication: publication({ 'public.users': {}, 'public.orders': {} }) },
    subscriptions: { my_subscription: subscription({ tables: ready }) },
    want: [
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      WAIT,
    ],
  },
  {
    name: 'tables removed from its publication: DROP TABLE, then REFRESH PUBLICATION (no wait)',
    desired: sub(
      { publications: ['my_publication'] },
      { publications: { my_publication: { tables: { 'public.users': {} } } } },
    ),
    publications: { my_publication: publication({ 'public.users': {}, 'public.orders': {} }) },
    subscriptions: {
      my_subscription: subscription({ tables: { ...ready, 'public.orders': { state: 'r' } } }),
    },
    documents: [
      sub(
        { publications: ['my_publication'] },
        { publications: { my_publication: { tables: { 'public.users': {}, 'public.orders': {} } } } },
      ),
    ],
    want: [
      'source.publication.my_publication.drop-tables: ALTER PUBLICATION "my_publication" DROP TABLE "public"."orders";',
      'target.subscription.my_subscription.refresh-after-removal: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
    ],
  },
  {
    name: 'a table dropped from its publication that the subscription still has (an interrupted refresh): REFRESH PUBLICATION',
    desired: sub(
      { publications: ['my_publication'] },
      { publications: { my_publication: { tables: { 'public.users': {} } } } },
    ),
    publications: { my_publication: publication({ 'public.users': {} }) },
    subscriptions: {
      my_subscription: subscription({ tables: { ...ready, 'public.orders': { state: 'r' } } }),
    },
    want: [
      'target.subscription.my_subscription.refresh-after-removal: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
    ],
  },
  {
    name: 'a subscribed table a FOR ALL TABLES publication may carry is not taken for a stale one',
    desired: sub({ publications: ['my_publication'] }),
    publications: { my_publication: publication({}, { allTables: true }) },
    subscriptions: {
      my_subscription: subscription({ tables: { ...ready, 'public.orders': { state: 'r' } } }),
    },
    want: [],
  },
  {
    name: 'a changed connection or password: CONNECTION and the new fingerprint in one transaction',
    desired: sub({ publications: ['my_publication'] }),
    subscriptions: { my_subscription: subscription({ tables: ready }) },
    context: context({
      secrets: {
        roles: {},
        subscriptions: { my_subscription: { matches: false, fingerprint: NEW_FP } },
      },
    }),
    want: [
      `target.subscription.my_subscription.connection: ALTER SUBSCRIPTION "my_subscription" CONNECTION 'host=10.0.0.5 port=5432 dbname=app user=replicator password=<secret env:REPLICATOR_PASSWORD> sslmode=require';\nCOMMENT ON SUBSCRIPTION "my_subscription" IS '${NEW_FP}';`,
    ],
  },
  {
    name: 'tables still copying: wait for them',
    desired: sub({ publications: ['my_publication'] }),
    subscriptions: { my_subscription: subscription({ tables: { 'public.users': { state: 'd' } } }) },
    want: [WAIT],
  },
  {
    name: 'the reverse of a subscription: DROP SUBSCRIPTION',
    desired: { target: { subscriptions: {} } },
    subscriptions: { my_subscription: subscription({ tables: ready }) },
    documents: [
      sub({ publications: ['my_publication'] }),
      { target: { subscriptions: { my_subscription: null } } },
    ],
    want: ['target.subscription.my_subscription.drop: DROP SUBSCRIPTION "my_subscription";'],
  },
  {
    name: 'a subscription no changeset mentioned is left alone',
    desired: { target: { subscriptions: {} } },
    subscriptions: { my_subscription: subscription({ tables: ready }) },
    want: [],
  },
];

describe('subscriptions', () => {
  it.each(cases)('$name', (c) => {
    const live = liveState({
      source: { publications: c.publications ?? {} },
      target: { subscriptions: c.subscriptions ?? {} },
    });
    const result = planFor(c.desired, live, {
      ...(c.documents ? { documents: c.documents } : {}),
      ...(c.context ? { context: c.context } : {}),
    });
    expect(lines(result)).toEqual(c.want);
  });

  it('changes a subscription in place, never by drop and create', () => {
    const desired = sub({ publications: ['other'], enabled: false, options: { binary: true } });
    const live = liveState({
      target: { subscriptions: { my_subscription: subscription({ tables: ready }) } },
    });
    const result = planFor(desired, live, {
      context: context({
        secrets: { roles: {}, subscriptions: { my_subscription: { matches: false, fingerprint: NEW_FP } } },
      }),
    });
    expect(ids(result)).toEqual([
      'target.subscription.my_subscription.disable',
      'target.subscription.my_subscription.connection',
      'target.subscription.my_subscription.options',
      'target.subscription.my_subscription.publications',
    ]);
    // Dropping my_publication from the list stops replicating it: destructive, but still in place.
    expect(stepById(result, 'target.subscription.my_subscription.publications')).toMatchObject({
      destructive: true,
      transactional: true,
    });
  });

  it('flags what PostgreSQL refuses in a transaction block', () => {
    const desired = sub({ publications: ['my_publication', 'other'] });
    const live = liveState({
      target: { subscriptions: { my_subscription: subscription({ tables: ready }) } },
    });
    expect(
      stepById(planFor(desired, live), 'target.subscription.my_subscription.publications').transactional,
    ).toBe(false);
    const created = planFor(desired, liveState({}));
    expect(stepById(created, 'target.subscription.my_subscription.create').transactional).toBe(false);
    expect(stepById(created, 'target.subscription.my_subscription.record-connection').transactional).toBe(
      true,
    );
  });

  it('needs the environment to say how the target reaches the source', () => {
    const plan = () =>
      planFor(sub({ publications: ['my_publication'] }), liveState({}), {
        context: { ...context(), subscriptionConnection: undefined },
      });
    expect(plan).toThrow(ReplctlError);
    expect(plan).toThrow(
      /target\.subscriptions\.my_subscription: the environment has no subscriptionConnection/,
    );
  });
});

describe('tables (re)entering a subscription that copies data', () => {
  const desired = (options: DesiredSubscription['options'] = {}) =>
    sub(
      { publications: ['my_publication'], options },
      { publications: { my_publication: { tables: { 'public.users': {}, 'public.orders': {} } } } },
    );
  const leftOver = table([column('id', 'bigint', true)], ['id']);
  const created = (live: ReturnType<typeof liveState>, options: DesiredSubscription['options'] = {}) =>
    lines(planFor(desired(options), live)).filter((l) => l.startsWith('target.'));

  it('truncates target tables left with rows before CREATE SUBSCRIPTION copies them', () => {
    const live = liveState({
      target: { tables: { 'public.users': leftOver, 'public.orders': { ...leftOver, empty: true } } },
    });
    const result = planFor(desired(), live);
    expect(
      lines(result)
        .filter((l) => l.startsWith('target.'))
        .slice(0, 2),
    ).toEqual([
      'target.subscription.my_subscription.truncate-tables: TRUNCATE TABLE "public"."users";',
      expect.stringMatching(/^target\.subscription\.my_subscription\.create: CREATE SUBSCRIPTION/),
    ]);
    expect(stepById(result, 'target.subscription.my_subscription.truncate-tables')).toMatchObject({
      destructive: true,
      transactional: true,
    });
    expect(stepById(result, 'target.subscription.my_subscription.create').dependsOn).toContain(
      'target.subscription.my_subscription.truncate-tables',
    );
  });

  it('keeps the rows when copy_data is off, and refreshes without a copy', () => {
    const live = liveState({ target: { tables: { 'public.users': leftOver } } });
    expect(created(live, { copy_data: false })[0]).toMatch(
      /^target\.subscription\.my_subscription\.create: /,
    );
    const refreshing = liveState({
      source: { publications: { my_publication: publication({ 'public.users': {} }) } },
      target: {
        tables: { 'public.orders': leftOver },
        subscriptions: { my_subscription: subscription({ tables: ready }) },
      },
    });
    expect(lines(planFor(desired({ copy_data: false }), refreshing))).toEqual([
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders";',
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION WITH (copy_data = false);',
      WAIT,
    ]);
  });

  it('truncates before a refresh brings a table back', () => {
    const live = liveState({
      source: { publications: { my_publication: publication({ 'public.users': {} }) } },
      target: {
        tables: { 'public.orders': leftOver },
        subscriptions: { my_subscription: subscription({ tables: ready }) },
      },
    });
    expect(lines(planFor(desired(), live))).toEqual([
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders";',
      'target.subscription.my_subscription.truncate-tables: TRUNCATE TABLE "public"."orders";',
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      WAIT,
    ]);
  });

  /**
   * `public.orders` left in the subscription by an interrupted removal (no live publication has
   * it), with rows on the target; `publications` are the source's live ones.
   */
  const staleOrders = (
    publications: Record<string, ReturnType<typeof publication>> = {
      my_publication: publication({ 'public.users': {} }),
    },
    targetTables: Record<string, typeof leftOver> = {},
  ) =>
    liveState({
      source: { publications },
      target: {
        tables: { 'public.orders': leftOver, ...targetTables },
        subscriptions: {
          my_subscription: subscription({ tables: { ...ready, 'public.orders': { state: 'r' } } }),
        },
      },
    });

  it('lets go of a table an interrupted removal left in the subscription before adding it back, and copies it again', () => {
    const live = staleOrders();
    expect(lines(planFor(desired(), live))).toEqual([
      'target.subscription.my_subscription.truncate-tables: TRUNCATE TABLE "public"."orders";',
      'target.subscription.my_subscription.release-stale-tables: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders";',
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      WAIT,
    ]);
  });

  it('empties first a table the letting-go refresh itself copies (one whose own refresh never ran)', () => {
    const live = staleOrders(
      { my_publication: publication({ 'public.users': {}, 'public.invoices': {} }) },
      { 'public.invoices': leftOver },
    );
    const withInvoices = sub(
      { publications: ['my_publication'] },
      {
        publications: {
          my_publication: { tables: { 'public.users': {}, 'public.orders': {}, 'public.invoices': {} } },
        },
      },
    );
    const result = planFor(withInvoices, live);
    expect(lines(result).slice(0, 2)).toEqual([
      'target.subscription.my_subscription.truncate-tables: TRUNCATE TABLE "public"."invoices", "public"."orders";',
      'target.subscription.my_subscription.release-stale-tables: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
    ]);
    expect(stepById(result, 'target.subscription.my_subscription.release-stale-tables').dependsOn).toContain(
      'target.subscription.my_subscription.truncate-tables',
    );
  });

  it('lets go of a stale table without copying anything when copy_data is off', () => {
    const live = staleOrders();
    expect(lines(planFor(desired({ copy_data: false }), live))).toEqual([
      'target.subscription.my_subscription.release-stale-tables: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION WITH (copy_data = false);',
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders";',
      'target.subscription.my_subscription.refresh: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION WITH (copy_data = false);',
      WAIT,
    ]);
  });

  it('lets go of a stale table before SET PUBLICATION too, so the table is copied again after its truncate', () => {
    const live = staleOrders({
      my_publication: publication({ 'public.users': {} }),
      other: publication({ 'public.invoices': {} }),
    });
    const twoPublications = sub(
      { publications: ['my_publication', 'other'] },
      {
        publications: {
          my_publication: { tables: { 'public.users': {}, 'public.orders': {} } },
          other: { tables: { 'public.invoices': {} } },
        },
      },
    );
    expect(lines(planFor(twoPublications, live))).toEqual([
      'target.subscription.my_subscription.truncate-tables: TRUNCATE TABLE "public"."orders";',
      'target.subscription.my_subscription.release-stale-tables: ALTER SUBSCRIPTION "my_subscription" REFRESH PUBLICATION;',
      'source.publication.my_publication.add-tables: ALTER PUBLICATION "my_publication" ADD TABLE "public"."orders";',
      'target.subscription.my_subscription.publications: ALTER SUBSCRIPTION "my_subscription" SET PUBLICATION "my_publication", "other";',
      WAIT,
    ]);
  });
});
