import { setTimeout as sleep } from 'node:timers/promises';
import type { RDSClient } from '@aws-sdk/client-rds';
import pg from 'pg';
import { isConnectionError } from '../apply/failure.js';
import { createRdsClient } from '../apply/rds-client.js';
import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import { ReplctlError } from '../errors.js';
import { withDatabase } from './database-url.js';

export type DatabaseRole = 'source' | 'target-admin' | 'target';

/**
 * How long a connection is retried while the server is not accepting connections (restarting,
 * starting up, in recovery): a run started during a restart waits it out instead of failing.
 */
export const CONNECT_RETRY_MS = 60_000;

export interface ConnectOptions {
  /** How long to retry transient connection errors (0: fail at the first); default CONNECT_RETRY_MS. */
  readonly connectRetryMs?: number;
  /** Where "waiting for …" goes: apply's progress; by default stderr, beside the command's output. */
  readonly notice?: (message: string) => void;
}

/**
 * Opens the connections an environment needs, lazily, and names the endpoint in connection errors
 * without ever showing the URL (it may hold a password).
 */
export class EnvironmentClients {
  private rdsClient: RDSClient | undefined;

  constructor(
    readonly environment: ResolvedEnvironment,
    /** The replicated database on the target (the desired state's `target.database`). */
    readonly targetDatabase: string | undefined,
    private readonly options: ConnectOptions = {},
  ) {}

  private get connectRetryMs(): number {
    return this.options.connectRetryMs ?? CONNECT_RETRY_MS;
  }

  private notice(message: string): void {
    if (this.options.notice) this.options.notice(message);
    else process.stderr.write(`${message}\n`);
  }

  /**
   * A connection to `role`'s database, retried while the server is not accepting connections for
   * `retryMs` (default: the environment's connectRetryMs; 0 for a connection the caller can do
   * without, such as a helper that shares a read).
   */
  async connect(
    role: DatabaseRole | 'journal',
    options: { readonly retryMs?: number } = {},
  ): Promise<pg.Client> {
    const retryMs = options.retryMs ?? this.connectRetryMs;
    const env = this.environment;
    const connectionString =
      role === 'source'
        ? env.source.connectionString
        : role === 'target' && this.targetDatabase !== undefined
          ? withDatabase(env.target.connectionString, this.targetDatabase)
          : env.target.connectionString;
    const deadline = Date.now() + retryMs;
    for (let attempt = 0; ; attempt++) {
      const client = new pg.Client({
        ...(connectionString === undefined ? {} : { connectionString }),
        application_name: 'replctl',
        connectionTimeoutMillis: 15_000,
      });
      // A server restart mid-run emits 'error' on idle clients; the next query reports it instead.
      client.on('error', () => undefined);
      try {
        await client.connect();
        return client;
      } catch (error) {
        await client.end().catch(() => undefined);
        const retrying = isConnectionError(error) && Date.now() < deadline;
        if (!retrying) {
          const waited = attempt > 0 ? ` (still after ${Math.round(retryMs / 1000)} s of retries)` : '';
          throw new ReplctlError(
            `could not connect to the ${describe(role)} of environment "${env.name}"${waited}: ${(error as Error).message}`,
            undefined,
            { cause: error },
          );
        }
        // Said once per connection, so a minute's silence is never mistaken for a hang.
        if (attempt === 0) {
          this.notice(
            `waiting for the ${describe(role)} of environment "${env.name}" to accept connections ` +
              `(${(error as Error).message}); retrying for up to ${Math.round(retryMs / 1000)} s`,
          );
        }
        await sleep(Math.min(250 * 2 ** Math.min(attempt, 5), Math.max(deadline - Date.now(), 0)));
      }
    }
  }

  /**
   * Connections to two endpoints at once. When one fails, the other is ended before the error is
   * thrown: an open connection would keep the process from exiting after it reported the error.
   */
  async connectBoth(first: DatabaseRole, second: DatabaseRole): Promise<[pg.Client, pg.Client]> {
    const settled = await Promise.allSettled([this.connect(first), this.connect(second)]);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed === undefined)
      return settled.map((s) => (s as PromiseFulfilledResult<pg.Client>).value) as [pg.Client, pg.Client];
    await Promise.all(
      settled.map((s) => (s.status === 'fulfilled' ? s.value.end().catch(() => undefined) : undefined)),
    );
    throw failed.reason;
  }

  /** The RDS API client, or undefined when the environment has no `target.rds`. */
  rds(): { readonly client: RDSClient; readonly instance: string } | undefined {
    const rds = this.environment.target.rds;
    if (rds === undefined) return undefined;
    this.rdsClient ??= createRdsClient(rds.region === undefined ? {} : { region: rds.region });
    return { client: this.rdsClient, instance: rds.instance };
  }

  close(): void {
    this.rdsClient?.destroy();
  }
}

function describe(role: DatabaseRole | 'journal'): string {
  switch (role) {
    case 'source':
      return 'source database';
    case 'target':
      return 'target (replicated) database';
    default:
      return 'target server';
  }
}
