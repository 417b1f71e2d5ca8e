import type { Clock } from './clock.js';
import type { DbClient } from './db-client.js';
import { isConnectionError, messageOf } from './failure.js';

export interface JournalConnectionOptions {
  readonly connect: () => Promise<DbClient>;
  readonly clock: Clock;
  /** How long a write may wait for the journal database to come back (e.g. while RDS reboots). */
  readonly reconnectTimeoutMs: number;
  /** Runs on every new connection before it is used: re-takes the apply lock (may throw). */
  readonly onConnected: (db: DbClient) => Promise<void>;
  /** Told when the journal database is unreachable and apply is retrying. */
  readonly onUnavailable?: (message: string) => void;
}

/**
 * The run's dedicated connection to the journal database: it holds the apply lock and writes the
 * journal. The journal may live on the target, which an RDS reboot restarts; then the connection
 * (and with it the lock) is lost, so a query reconnects, re-takes the lock and retries, until the
 * reconnect timeout. Writes sent through here must be idempotent (upserts), as a retried one may
 * have committed before the connection broke.
 */
export class JournalConnection {
  #client: DbClient | undefined;
  readonly #options: JournalConnectionOptions;

  private constructor(options: JournalConnectionOptions) {
    this.#options = options;
  }

  static async open(options: JournalConnectionOptions): Promise<JournalConnection> {
    const connection = new JournalConnection(options);
    await connection.#reconnect();
    return connection;
  }

  async query(text: string, values?: unknown[]) {
    const { clock } = this.#options;
    const deadline = clock.now() + this.#options.reconnectTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        if (!this.#client) await this.#reconnect();
        return await this.#client!.query(text, values);
      } catch (error) {
        if (!isConnectionError(error) || clock.now() >= deadline) throw error;
        this.#drop();
        this.#options.onUnavailable?.(`journal database unreachable (${messageOf(error)}); retrying`);
        await clock.sleep(Math.min(500 * 2 ** Math.min(attempt, 4), Math.max(deadline - clock.now(), 0)));
      }
    }
  }

  /** Ends the connection, which releases the session's advisory lock. */
  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #reconnect(): Promise<void> {
    const client = await this.#options.connect();
    // Mark the connection lost on error/end; the next query reconnects.
    client.on('error', () => {
      if (this.#client === client) this.#drop();
    });
    client.on('end', () => {
      if (this.#client === client) this.#client = undefined;
    });
    try {
      await this.#options.onConnected(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
  }

  #drop(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.end().catch(() => undefined);
  }
}
