import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LiveTable } from '../../../src/model/live-state.js';
import type { Plan, SqlStep } from '../../../src/planner/plan.js';
import { displaySql } from '../../../src/planner/sql-text.js';
import { column, ids, liveState, planFor, publication, stepById, subscription, table } from './builders.js';

const N = 10_000;
const names = Array.from({ length: N }, (_, i) => `app.t${String(i).padStart(5, '0')}`);
const members = Object.fromEntries(names.map((n) => [n, {}]));

const desired: DesiredState = {
  source: {
    grants: { replicator: { usage: ['app'], select: members } },
    publications: { big: { tables: members } },
  },
  target: {
    tables: Object.fromEntries(names.map((n) => [n, { from: 'source' as const }])),
    subscriptions: { my_subscription: { publications: ['big'] } },
  },
};
const sourceTable: LiveTable = table([column('id', 'bigint', true), column('payload', 'jsonb')], ['id']);
const sourceTables = Object.fromEntries(names.map((n) => [n, sourceTable]));

/** Statements of a SQL step: one per line, each ending with `;`. */
const statementCount = (result: Plan, id: string) =>
  displaySql((stepById(result, id) as SqlStep).sql)
    .split('\n')
    .filter((line) => line.endsWith(';')).length;

describe('10,000 tables', () => {
  it('plan the initial setup in a few batched steps', () => {
    const result = planFor(desired, liveState({ source: { tables: sourceTables }, target: { schemas: [] } }));
    expect(ids(result)).toEqual([
      'source.grant.replicator.usage',
      'source.grant.replicator.select',
      'target.schemas.create',
      ...Array.from({ length: 40 }, (_, i) => `target.tables.create.${i + 1}`),
      'source.publication.big.create',
      'target.subscription.my_subscription.create',
      'target.subscription.my_subscription.record-connection',
      'target.subscription.my_subscription.wait-synced',
    ]);
    expect(statementCount(result, 'source.grant.replicator.select')).toBe(1);
    expect(statementCount(result, 'source.publication.big.create')).toBe(1);
    // 250 CREATE TABLEs per step (a transaction of all 10,000 exhausts the lock table); apply
    // combines adjacent steps into transactions of the size its connections allow.
    for (let i = 1; i <= 40; i++) {
      const step = stepById(result, `target.tables.create.${i}`);
      expect(statementCount(result, step.id)).toBe(N / 40);
      expect(step.transactional).toBe(true);
      expect(step.reasons).toHaveLength(N / 40);
      expect(step.dependsOn).toEqual(['target.schemas.create']);
    }
    expect(displaySql((stepById(result, 'target.tables.create.2') as SqlStep).sql)).toMatch(
      /^CREATE TABLE "app"\."t00250" /,
    );
    // A publication no subscription uses yet streams nothing: it is created while the tables are.
    expect(stepById(result, 'source.publication.big.create').dependsOn).toEqual([]);
    expect(stepById(result, 'target.subscription.my_subscription.create').dependsOn).toContain(
      'target.tables.create.40',
    );
    expect(stepById(result, 'source.grant.replicator.select').reasons).toHaveLength(N);
  });

  it('add the 5,000 missing members with one ALTER PUBLICATION and one REFRESH', () => {
    const half = Object.fromEntries(names.slice(0, N / 2).map((n) => [n, {}]));
    const live = liveState({
      source: {
        tables: sourceTables,
        grants: { replicator: { connect: false, usage: ['app'], select: names } },
        publications: { big: publication(half) },
      },
      target: {
        schemas: ['app'],
        // Created by an earlier run, never filled: nothing to truncate before the copy.
        tables: Object.fromEntries(
          names.map((n, i) => [n, i < N / 2 ? sourceTable : { ...sourceTable, empty: true }]),
        ),
        subscriptions: {
          my_subscription: subscription({
            publications: ['big'],
            tables: Object.fromEntries(names.slice(0, N / 2).map((n) => [n, { state: 'r' }])),
          }),
        },
      },
    });
    const result = planFor(desired, live);
    expect(ids(result)).toEqual([
      'source.publication.big.add-tables',
      'target.subscription.my_subscription.refresh',
      'target.subscription.my_subscription.wait-synced',
    ]);
    const add = displaySql((stepById(result, 'source.publication.big.add-tables') as SqlStep).sql);
    expect(add.startsWith('ALTER PUBLICATION "big" ADD TABLE "app"."t05000", "app"."t05001", ')).toBe(true);
    expect(add.split('", "').length).toBe(N / 2);
  });
});
