import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LocalCluster } from '../../../src/local/postgres/local-cluster.js';
import type { RdsInstanceBacking } from '../../../src/local/rds-endpoint/index.js';

/**
 * A real PostgreSQL cluster playing the RDS instance: the same LocalCluster `replctl local` runs
 * (as an unprivileged user when tests run as root), without the rest of the environment, so that
 * the endpoint under test is the only one changing its settings.
 */
export interface TargetCluster {
  readonly backing: RdsInstanceBacking;
  /** How many times the endpoint restarted the cluster. */
  readonly restarts: () => number;
  /** SHOW in a new session (after a reload, new sessions see the new value). */
  show(setting: string): Promise<string>;
  /** pg_settings.setting: the value in the setting's base unit. */
  baseSetting(setting: string): Promise<string>;
  stop(): Promise<void>;
}

async function queryOne(url: string, sql: string, setting: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ value: string }>(sql, [setting])).rows[0]!.value;
  } finally {
    await client.end();
  }
}

export async function startTargetCluster(identifier = 'reporting-replica'): Promise<TargetCluster> {
  const root = await mkdtemp(join(tmpdir(), 'replctl-rds-endpoint-'));
  // The server's unprivileged user must be able to enter the directory.
  await chmod(root, 0o755);
  const cluster = await LocalCluster.init({
    dir: join(root, 'target'),
    name: 'target',
    superuser: 'postgres',
  });
  await cluster.start({ reassignPortIfTaken: true });
  const url = cluster.superuserUrl('postgres');
  let restarts = 0;
  return {
    backing: {
      identifier,
      superuserUrl: url,
      async restart() {
        await cluster.restart();
        restarts++;
      },
    },
    restarts: () => restarts,
    show: (setting) => queryOne(url, 'SELECT current_setting($1) AS value', setting),
    baseSetting: (setting) =>
      queryOne(url, 'SELECT setting AS value FROM pg_settings WHERE name = $1', setting),
    async stop() {
      await cluster.destroy();
      await rm(root, { recursive: true, force: true });
    },
  };
}
