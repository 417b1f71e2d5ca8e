import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/lint.js';
import * as rules from '../../../src/lint/rules/target-columns.js';
import { scenarioArb } from '../planner/arbitrary-states.js';
import * as oracle from './oracle/target-columns-oracle.js';

const PAIRS = [
  [rules.targetColumnMissing, oracle.targetColumnMissing],
  [rules.targetColumnTypeIncompatible, oracle.targetColumnTypeIncompatible],
  [rules.targetColumnTypeLossy, oracle.targetColumnTypeLossy],
  [rules.targetColumnNotNullUnpublished, oracle.targetColumnNotNullUnpublished],
] as const;

describe('target-column rules, one shared pass', () => {
  it('find what one pass per rule finds, on random states', () => {
    let found = 0;
    fc.assert(
      fc.property(scenarioArb, ({ desired, live }) => {
        for (const [rule, reference] of PAIRS) {
          const expected = lint(desired, live, {}, [reference]);
          expect(lint(desired, live, {}, [rule])).toEqual(expected);
          found += expected.length;
        }
      }),
      { numRuns: 400 },
    );
    // The states are not all quiet: every rule's findings are compared, not only empty lists.
    expect(found).toBeGreaterThan(100);
  });
});
