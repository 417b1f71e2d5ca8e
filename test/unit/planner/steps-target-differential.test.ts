import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TargetTableDefinition } from '../../../src/planner/changes.js';
import { statements } from '../../../src/planner/draft-step.js';
import { formatPath } from '../../../src/planner/paths.js';
import type { Sql, SqlPart, SqlStep } from '../../../src/planner/plan.js';
import { createTablesSteps, TABLES_PER_STEP } from '../../../src/planner/steps-target.js';

const secret: SqlPart = { secretLiteral: { env: 'PW' } };
const sqlArb: fc.Arbitrary<string | Sql> = fc.oneof(
  fc.constantFrom('', 'SELECT 1', 'CREATE ROLE "r" PASSWORD '),
  fc.array(fc.oneof(fc.constantFrom('', 'ALTER ROLE x ', ' IS '), fc.constant(secret)), { maxLength: 4 }),
);

describe('statements', () => {
  it('joins what the part-array version joined', () => {
    fc.assert(
      fc.property(fc.array(sqlArb, { maxLength: 6 }), (parts) => {
        expect(statements(...parts)).toEqual(statementsAsFirstWritten(...parts));
      }),
    );
  });
});

describe('createTablesSteps', () => {
  it('gives each chunk the reasons naming its tables, in the change order', () => {
    const names = Array.from({ length: 7 }, (_, i) => `public.t${i}`);
    const many = Array.from(
      { length: 3 * TABLES_PER_STEP },
      (_, i) => `public.t${String(i).padStart(5, '0')}`,
    );
    const change = fc.record({
      tables: fc.oneof(
        // As the diff makes them (sorted, each once), or in any order and number.
        fc.integer({ min: 0, max: many.length }).map((n) => many.slice(0, n)),
        fc.array(fc.constantFrom(...names), { maxLength: 3 * TABLES_PER_STEP, size: 'max' }),
      ),
      extra: fc.array(fc.constantFrom(...names, 'public.other'), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(change, ({ tables: listed, extra }) => {
        const tables: TargetTableDefinition[] = listed.map((table) => ({
          table,
          columns: [],
          primaryKey: [],
        }));
        const reasons = [
          ...tables.map((t) => formatPath('target', 'tables', t.table)),
          ...extra.map((t) => formatPath('target', 'tables', t)),
        ];
        const steps = createTablesSteps({ kind: 'CreateTargetTables', tables, reasons });
        steps.forEach(({ step }, i) => {
          const own = new Set(
            tables
              .slice(i * TABLES_PER_STEP, (i + 1) * TABLES_PER_STEP)
              .map((t) => formatPath('target', 'tables', t.table)),
          );
          // One chunk: every reason, as the change has them (CREATE SCHEMA reasons included).
          expect(step.reasons).toEqual(steps.length === 1 ? reasons : reasons.filter((r) => own.has(r)));
          expect((step as SqlStep).sql).toHaveLength(1);
        });
      }),
      // Shrinking thousands of tables takes minutes: the first counterexample is reported as it is.
      { numRuns: 60, endOnFailure: true },
    );
  });
});

/** `statements` as first written, with an array of text parts per run: the oracle. */
function statementsAsFirstWritten(...parts: readonly (Sql | string)[]): Sql {
  const merged: SqlPart[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.length > 0) merged.push(text.join(''));
    text = [];
  };
  parts.forEach((statement, i) => {
    if (i > 0) text.push('\n');
    for (const part of typeof statement === 'string' ? [statement] : statement) {
      if (typeof part === 'string') text.push(part);
      else {
        flush();
        merged.push(part);
      }
    }
    text.push(';');
  });
  flush();
  return merged;
}
