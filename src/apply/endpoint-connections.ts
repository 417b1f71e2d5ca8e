import { quoteIdent } from '../sql/quote.js';
import type { DatabaseEndpoint, DbClient } from './db-client.js';
import { isConnectionError } from './failure.js';

export interface SessionLimits {
  /** `lock_timeout`: a step waiting on a busy table gives up instead of queueing writers behind it. */
  readonly lockTimeoutMs: number;
  /** `statement_timeout`: a safety net against a statement that never returns. */
  readonly statementTimeoutMs: number;
}

export interface EndpointConnection {
  readonly client: DbClient;
  /** The endpoint's database holds this run's journal: batch journal rows can share its transaction. */
  readonly holdsJournal: boolean;
}

/**
 * A small pool per database endpoint: units of the run that overlap (design §5) each lease a
 * connection of their own; the scheduler keeps at most N in flight per endpoint, so at most N are
 * opened, on first use, with the session limits set. A connection lost (a restart of the source, a
 * reboot of the target) leaves the pool, and the next use opens a new one.
 */
export class EndpointConnections {
  /** Every open connection of an endpoint, leased or idle. */
  readonly #open = new Map<DatabaseEndpoint, Set<EndpointConnection>>();
  readonly #idle = new Map<DatabaseEndpoint, EndpointConnection[]>();

  constructor(
    private readonly connect: (endpoint: DatabaseEndpoint) => Promise<DbClient>,
    private readonly limits: SessionLimits,
    private readonly journal: { readonly schema: string; readonly runId: string },
  ) {}

  /** Runs `work` on a connection no other unit uses meanwhile; it goes back to the pool after. */
  async use<T>(endpoint: DatabaseEndpoint, work: (connection: EndpointConnection) => Promise<T>): Promise<T> {
    const connection = this.#idleOf(endpoint).pop() ?? (await this.#openOne(endpoint));
    try {
      return await work(connection);
    } catch (error) {
      // A broken connection is not handed to the next unit.
      if (isConnectionError(error)) this.#discard(endpoint, connection);
      throw error;
    } finally {
      if (this.#open.get(endpoint)?.has(connection)) this.#idleOf(endpoint).push(connection);
    }
  }

  /**
   * An idle connection of the endpoint, not leased: for the steps that run alone (waits, restarts),
   * which poll across reconnects while nothing else runs.
   */
  async get(endpoint: DatabaseEndpoint): Promise<EndpointConnection> {
    const idle = this.#idleOf(endpoint).at(-1);
    if (idle !== undefined) return idle;
    const connection = await this.#openOne(endpoint);
    this.#idleOf(endpoint).push(connection);
    return connection;
  }

  /** Forgets (and ends) an endpoint's connections, e.g. before its server restarts. */
  async close(endpoint: DatabaseEndpoint): Promise<void> {
    const open = [...(this.#open.get(endpoint) ?? [])];
    this.#open.delete(endpoint);
    this.#idle.delete(endpoint);
    await Promise.all(open.map((c) => c.client.end().catch(() => undefined)));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((endpoint) => this.close(endpoint)));
  }

  #idleOf(endpoint: DatabaseEndpoint): EndpointConnection[] {
    const idle = this.#idle.get(endpoint) ?? [];
    this.#idle.set(endpoint, idle);
    return idle;
  }

  #discard(endpoint: DatabaseEndpoint, connection: EndpointConnection): void {
    this.#forget(endpoint, connection);
    connection.client.end().catch(() => undefined);
  }

  #forget(endpoint: DatabaseEndpoint, connection: EndpointConnection): void {
    this.#open.get(endpoint)?.delete(connection);
    const idle = this.#idle.get(endpoint);
    const at = idle?.indexOf(connection) ?? -1;
    if (at >= 0) idle!.splice(at, 1);
  }

  async #openOne(endpoint: DatabaseEndpoint): Promise<EndpointConnection> {
    const client = await this.connect(endpoint);
    let connection: EndpointConnection | undefined;
    const lost = () => {
      if (connection !== undefined) this.#forget(endpoint, connection);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.query(
        `SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)`,
        [String(this.limits.lockTimeoutMs), String(this.limits.statementTimeoutMs)],
      );
      connection = { client, holdsJournal: await this.#holdsJournal(client) };
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#open.set(endpoint, (this.#open.get(endpoint) ?? new Set()).add(connection));
    return connection;
  }

  /** Same database as the journal iff this connection sees the run's row, which no other database has. */
  async #holdsJournal(client: DbClient): Promise<boolean> {
    const { schema, runId } = this.journal;
    const { rows } = await client.query(
      `SELECT c.oid IS NOT NULL AND has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE') AS usable
         FROM (SELECT to_regclass(quote_ident($1) || '.steps') AS oid) c`,
      [schema],
    );
    if (rows[0]?.usable !== true) return false;
    const runs = `${quoteIdent(schema)}.runs`;
    const seen = await client.query(`SELECT EXISTS (SELECT 1 FROM ${runs} WHERE id = $1) AS seen`, [runId]);
    return seen.rows[0]?.seen === true;
  }
}
