import { quoteIdent } from '../sql/quote.js';
import type { DatabaseEndpoint, DbClient } from './db-client.js';

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
 * One connection per database endpoint, opened on first use with the session limits set, and
 * reopened after it was lost (a restart of the source, a reboot of the target).
 */
export class EndpointConnections {
  readonly #open = new Map<DatabaseEndpoint, EndpointConnection>();

  constructor(
    private readonly connect: (endpoint: DatabaseEndpoint) => Promise<DbClient>,
    private readonly limits: SessionLimits,
    private readonly journal: { readonly schema: string; readonly runId: string },
  ) {}

  async get(endpoint: DatabaseEndpoint): Promise<EndpointConnection> {
    const open = this.#open.get(endpoint);
    if (open) return open;
    const client = await this.connect(endpoint);
    const lost = () => {
      if (this.#open.get(endpoint)?.client === client) this.#open.delete(endpoint);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.query(
        `SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)`,
        [String(this.limits.lockTimeoutMs), String(this.limits.statementTimeoutMs)],
      );
      const connection = { client, holdsJournal: await this.#holdsJournal(client) };
      this.#open.set(endpoint, connection);
      return connection;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** Forgets (and ends) an endpoint's connection, e.g. before its server restarts. */
  async close(endpoint: DatabaseEndpoint): Promise<void> {
    const open = this.#open.get(endpoint);
    this.#open.delete(endpoint);
    await open?.client.end().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((endpoint) => this.close(endpoint)));
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
