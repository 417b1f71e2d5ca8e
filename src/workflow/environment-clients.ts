import type { RDSClient } from '@aws-sdk/client-rds';
import pg from 'pg';
import { createRdsClient } from '../apply/rds-client.js';
import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import { ReplctlError } from '../errors.js';
import { withDatabase } from './database-url.js';

export type DatabaseRole = 'source' | 'target-admin' | 'target';

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
  ) {}

  async connect(role: DatabaseRole | 'journal'): Promise<pg.Client> {
    const env = this.environment;
    const connectionString =
      role === 'source'
        ? env.source.connectionString
        : role === 'target' && this.targetDatabase !== undefined
          ? withDatabase(env.target.connectionString, this.targetDatabase)
          : env.target.connectionString;
    const client = new pg.Client({
      ...(connectionString === undefined ? {} : { connectionString }),
      application_name: 'replctl',
      connectionTimeoutMillis: 15_000,
    });
    // A server restart mid-run emits 'error' on idle clients; the next query reports it instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw new ReplctlError(
        `could not connect to the ${describe(role)} of environment "${env.name}": ${(error as Error).message}`,
        undefined,
        { cause: error },
      );
    }
    return client;
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
