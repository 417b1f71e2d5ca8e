import { describe, expect, it } from 'vitest';
import { ReplctlError } from '../../../src/errors.js';
import type { DesiredPublishedTable, DesiredState, SettingValue } from '../../../src/model/desired-state.js';
import { liveState, planFor } from './builders.js';

/** A subscription to my_publication, which publishes public.orders as `member` says. */
function desired(
  options: Readonly<Record<string, SettingValue>>,
  member: DesiredPublishedTable = {},
): DesiredState {
  return {
    source: { publications: { my_publication: { tables: { 'public.orders': member } } } },
    target: { subscriptions: { my_subscription: { publications: ['my_publication'], options } } },
  };
}

const onTarget = (serverVersionNum: number) => liveState({ target: { serverVersionNum } });

describe('a subscription the target major cannot create', () => {
  it.each([
    [130012, { binary: true }, 'the subscription option binary needs PostgreSQL 14'],
    [130012, { streaming: 'on' }, 'the subscription option streaming needs PostgreSQL 14'],
    [
      150004,
      { streaming: 'parallel' },
      'the subscription option streaming = parallel needs PostgreSQL 16 or later on the target, but the target runs PostgreSQL 15.4',
    ],
    [140011, { disable_on_error: true }, 'the subscription option disable_on_error needs PostgreSQL 15'],
    [140011, { two_phase: true }, 'the subscription option two_phase needs PostgreSQL 15'],
    [150004, { origin: 'none' }, 'the subscription option origin needs PostgreSQL 16'],
    [150004, { password_required: false }, 'the subscription option password_required needs PostgreSQL 16'],
    [150004, { run_as_owner: true }, 'the subscription option run_as_owner needs PostgreSQL 16'],
    [160004, { failover: true }, 'the subscription option failover needs PostgreSQL 17'],
  ])('refuses on target %i: %j', (version, options, message) => {
    const plan = () => planFor(desired(options), onTarget(version));
    expect(plan).toThrow(ReplctlError);
    expect(plan).toThrow(
      `target.subscriptions.my_subscription.options.${Object.keys(options)[0]}: ${message}`,
    );
  });

  it.each([
    [{ columns: ['id'] }, 'columns', 'a column list'],
    [{ where: 'id > 0' }, 'where', 'a row filter'],
  ] as const)(
    'refuses %j on a target before 15 while copy_data is on: its copy would take the whole table',
    (member, key, feature) => {
      const plan = () => planFor(desired({}, member), onTarget(140011));
      expect(plan).toThrow(
        `target.subscriptions.my_subscription (copy_data) with source.publications.my_publication.tables."public.orders".${key}: ` +
          `the initial copy of ${feature} (an older subscriber copies the whole table) needs PostgreSQL 15 or later on the target, ` +
          'but the target runs PostgreSQL 14.11: set the subscription option copy_data: false and copy the data yourself, or publish the table whole',
      );
    },
  );

  it('leaves a filtered table that already replicates alone: only a table about to be copied is checked', () => {
    const replicating = liveState({
      target: {
        serverVersionNum: 140011,
        subscriptions: {
          my_subscription: {
            enabled: true,
            publications: ['my_publication'],
            slotName: 'my_subscription',
            options: {},
            tables: { 'public.orders': { state: 'r' } },
          },
        },
      },
    });
    expect(() => planFor(desired({}, { columns: ['id'] }), replicating)).not.toThrow();
  });

  it('takes what each major knows: options on their first major, filters without an initial copy', () => {
    expect(() =>
      planFor(desired({ binary: true, streaming: 'on', synchronous_commit: 'off' }), onTarget(140000)),
    ).not.toThrow();
    expect(() => planFor(desired({ streaming: 'parallel', origin: 'none' }), onTarget(160000))).not.toThrow();
    expect(() => planFor(desired({ failover: true }), onTarget(170000))).not.toThrow();
    expect(() => planFor(desired({ copy_data: false }, { columns: ['id'] }), onTarget(120020))).not.toThrow();
    expect(() => planFor(desired({}, { columns: ['id'], where: 'id > 0' }), onTarget(150000))).not.toThrow();
  });
});
