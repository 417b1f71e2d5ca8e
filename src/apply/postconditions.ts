import type { Postcondition } from '../planner/plan.js';
import type { Queryable } from './db-client.js';
import { shiftParams } from './sql-params.js';

const PER_QUERY = 1000;
const MAX_PARAMS = 30000;

/**
 * Evaluates postconditions in as few round trips as possible: each chunk becomes one
 * `SELECT ARRAY[(q1)::boolean, (q2)::boolean, …]`. Throws when the combined query fails.
 */
export async function evaluatePostconditions(
  db: Queryable,
  conditions: readonly Postcondition[],
): Promise<readonly boolean[]> {
  const results: boolean[] = [];
  for (const chunk of chunks(conditions)) {
    const values: unknown[] = [];
    const items = chunk.map((condition) => {
      const text = shiftParams(stripSemicolon(condition.sql), values.length);
      values.push(...(condition.params ?? []));
      return `(${text})::boolean`;
    });
    const { rows } = await db.query(`SELECT ARRAY[${items.join(', ')}] AS held`, values);
    const held = rows[0]?.held;
    if (!Array.isArray(held) || held.length !== chunk.length)
      throw new Error('postcondition query returned no array');
    results.push(...held.map((value) => value === true));
  }
  return results;
}

/**
 * Before running steps: which already hold (work an earlier run finished). A postcondition that
 * cannot be evaluated counts as not holding, since running the step is then what apply would do anyway.
 * Must run outside a transaction block (a failed check aborts one).
 */
export async function alreadyHolding(
  db: Queryable,
  conditions: readonly (Postcondition | undefined)[],
): Promise<readonly boolean[]> {
  const present = conditions.flatMap((c, index) => (c ? [{ c, index }] : []));
  const held = conditions.map(() => false);
  if (present.length === 0) return held;
  let values: readonly boolean[];
  try {
    values = await evaluatePostconditions(
      db,
      present.map((p) => p.c),
    );
  } catch {
    // One bad condition spoils the combined query: evaluate them one by one.
    values = await Promise.all(
      present.map(async (p) => (await evaluatePostconditions(db, [p.c]).catch(() => [false]))[0] === true),
    );
  }
  present.forEach((p, i) => {
    held[p.index] = values[i] === true;
  });
  return held;
}

function stripSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}

function chunks(conditions: readonly Postcondition[]): readonly (readonly Postcondition[])[] {
  const out: Postcondition[][] = [];
  let current: Postcondition[] = [];
  let params = 0;
  for (const condition of conditions) {
    const count = condition.params?.length ?? 0;
    if (current.length > 0 && (current.length >= PER_QUERY || params + count > MAX_PARAMS)) {
      out.push(current);
      current = [];
      params = 0;
    }
    current.push(condition);
    params += count;
  }
  if (current.length > 0) out.push(current);
  return out;
}
