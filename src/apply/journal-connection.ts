import type { Clock } from './clock.js';
import type { DbClient, Queryable } from './db-client.js';
import { isConnectionError, messageOf } from './failure.js';

export interface JournalConnectionOptions {
  readonly connect: () => Promise<DbClient>;
  readonly clock: Clock;
  /** How long a write may wait for the journal database to come back (e.g. while RDS reboots). */
  readonly reconnectTimeoutMs: number;
  /** How long opening may wait for the journal database to accept (default the reconnect timeout). */
  readonly openTimeoutMs?: number;
  /** Runs on every new connection before it is used: takes or re-takes the apply lock (may throw). */
  readonly onConnected: (db: DbClient) => Promise<void>;
  /** Told when the journal database is unreachable and apply is retrying. */
  readonly onUnavailable?: (message: string) => void;
}

/**
 * The run's dedicated connection to the journal database: it holds the apply lock and writes the
 * journal. The journal may live on the target, which an RDS reboot restarts; then the connection
 * (and with it the lock) is lost. It reconnects at once in the background and re-takes the lock,
 * so a run in a long wait does not leave the lock free for minutes; a query that finds the
 * connection gone waits for that reconnect and retries, until the reconnect timeout. Opening
 * retries the same way: a run started (or waiting for the lock) while the journal database
 * restarts waits for it. Writes sent through here must be idempotent (upserts), as a retried one
 * may have committed before the connection broke.
 */
export class JournalConnection {
  #client: DbClient | undefined;
  #connecting: Promise<void> | undefined;
  #closed = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #options: JournalConnectionOptions;

  private constructor(options: JournalConnectionOptions) {
    this.#options = options;
  }

  static async open(options: JournalConnectionOptions): Promise<JournalConnection> {
    const connection = new JournalConnection(options);
    await connection.#retrying(() => connection.#ensureConnected(), options.openTimeoutMs);
    return connection;
  }

  /**
   * One query at a time, in the order asked: units that run at once share this connection, and
   * node-postgres deprecates queueing on a busy client. A write retried after a reconnect keeps its
   * place. Every journal write is one statement, so none can land inside another's transaction.
   */
  query(text: string, values?: unknown[]) {
    return this.transaction((client) => client.query(text, values));
  }

  /**
   * `work` alone on one session, e.g. BEGIN … COMMIT (migrating the journal). A statement retried
   * on its own after a reconnect would run outside the transaction the server rolled back, after
   * the statements before it were lost; so the whole of `work` runs again on the new session
   * instead, and must be safe to repeat from its start. `work` uses the client it is given: a query
   * through this connection would wait in the queue behind `work` itself.
   */
  transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    const result = this.#queue.then(() =>
      this.#retrying(async () => {
        await this.#ensureConnected();
        return work(this.#client!);
      }),
    );
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the connection, which releases the session's advisory lock. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
    // A reconnect under way ends its new client itself once it sees the connection closed.
    await this.#connecting?.catch(() => undefined);
  }

  /** Runs `work`, reconnecting after connection errors until the reconnect timeout. */
  async #retrying<T>(work: () => Promise<T>, timeoutMs = this.#options.reconnectTimeoutMs): Promise<T> {
    const { clock } = this.#options;
    const deadline = clock.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (this.#closed || !isConnectionError(error) || clock.now() >= deadline) throw error;
        this.#drop();
        this.#options.onUnavailable?.(`journal database unreachable (${messageOf(error)}); retrying`);
        await clock.sleep(Math.min(500 * 2 ** Math.min(attempt, 4), Math.max(deadline - clock.now(), 0)));
      }
    }
  }

  /** One reconnect at a time: two would be two sessions, and the second could not take the lock. */
  #ensureConnected(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the journal connection is closed'));
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#reconnect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #reconnect(): Promise<void> {
    const client = await this.#options.connect();
    // Mark the connection lost on error/end, and get it back (and the lock with it) at once.
    client.on('error', () => {
      if (this.#client === client) this.#lost();
    });
    client.on('end', () => {
      if (this.#client === client) this.#lost();
    });
    try {
      await this.#options.onConnected(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
  }

  #lost(): void {
    this.#drop();
    // In the background; a failure (the lock taken meanwhile) surfaces at the next query.
    if (!this.#closed) this.#retrying(() => this.#ensureConnected()).catch(() => undefined);
  }

  #drop(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.end().catch(() => undefined);
  }
}
