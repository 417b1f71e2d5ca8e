/**
 * What introspection needs from a database connection: one session (a `pg.Client` or a client
 * checked out of a pool, never the pool itself: the snapshot is a transaction on that session).
 * Parameters are bind parameters; names are never spliced into SQL text.
 */
export interface Queryable {
  query(text: string, params?: readonly unknown[]): Promise<QueryRows>;
}

export interface QueryRows {
  readonly rows: readonly Record<string, unknown>[];
}

/** A session that introspection opened itself (through a `connect` callback) and closes. */
export interface Session extends Queryable {
  end(): Promise<void>;
}
