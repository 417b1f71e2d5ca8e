import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/lint.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { EMPTY_SCOPE, plan, prepareDesired } from '../../../src/planner/index.js';
import { scenarioArb } from './arbitrary-states.js';
import { context } from './builders.js';

describe('prepareDesired', () => {
  it('changes neither the plan nor the findings, whatever it is given', () => {
    const ctx = context({
      subscriptionConnection: {
        host: 'h',
        port: '5432',
        dbname: 'app',
        user: 'replicator',
        password: { env: 'PW' },
      },
    });
    const outcome = (desired: DesiredState, live: Parameters<typeof plan>[1]) => {
      try {
        return { plan: plan(desired, live, ctx, EMPTY_SCOPE), findings: lint(desired, live, {}) };
      } catch (error) {
        return { error: (error as Error).message };
      }
    };
    fc.assert(
      fc.property(scenarioArb, ({ desired, live }) => {
        const prepared = structuredClone(desired);
        prepareDesired(prepared);
        expect(outcome(prepared, live)).toEqual(outcome(structuredClone(desired), live));
      }),
      { numRuns: 200 },
    );
  });

  it('does not throw on a key that is no table name: the diff refuses it later', () => {
    const desired: DesiredState = { target: { tables: { users: { from: 'source' } } } };
    expect(() => prepareDesired(desired)).not.toThrow();
  });
});
