import type { Queryable, QueryRows } from './queryable.js';

/** A running count shared by every session of one endpoint. */
export interface QueryTally {
  count: number;
}

/**
 * Wraps a session so that every statement it sends is counted: tests and the benchmark assert
 * that introspection issues a constant number of queries whatever the number of tables.
 */
export function countingQueryable(inner: Queryable, tally: QueryTally): Queryable {
  return {
    query(text: string, params?: readonly unknown[]): Promise<QueryRows> {
      tally.count++;
      return inner.query(text, params);
    },
  };
}
