/**
 * The slice of `pg.Client` the engine uses, so callers pass real clients and tests can pass their own.
 * A `pg.Client` satisfies it as is.
 */
export interface DbClient {
  query(text: string, values?: unknown[]): Promise<{ readonly rows: readonly Record<string, unknown>[] }>;
  end(): Promise<void>;
  /** node-postgres emits `error` when the server goes away; an unhandled one would crash the process. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

/** Step endpoints that are databases (design §4). */
export type DatabaseEndpoint = 'source' | 'target' | 'target-admin';

/** Anything that runs a query: a client, or the run's reconnecting journal connection. */
export type Queryable = Pick<DbClient, 'query'>;
