import pg from 'pg';
import { loadEnvironment } from '../../../src/local/environment.js';
import type { LocalCluster } from '../../../src/local/postgres/local-cluster.js';
import type { TestLocalEnv } from '../../support/local-env.js';

export type ClusterSide = 'source' | 'target';

/**
 * The cluster as its state file has it now (a restart by `replctl local restart` or by the RDS
 * endpoint's reboot may have moved on from the handle the environment started with).
 */
async function cluster(local: TestLocalEnv, side: ClusterSide): Promise<LocalCluster> {
  const environment = await loadEnvironment(local.root);
  return environment[side];
}

/** Stops and starts one cluster, as `replctl local restart source|target` does. */
export async function restartCluster(local: TestLocalEnv, side: ClusterSide): Promise<void> {
  await (await cluster(local, side)).restart();
}

/** Stops one cluster; `startCluster` brings it back. */
export async function stopCluster(local: TestLocalEnv, side: ClusterSide): Promise<void> {
  await (await cluster(local, side)).stop();
}

export async function startCluster(local: TestLocalEnv, side: ClusterSide): Promise<void> {
  await (await cluster(local, side)).start();
}

/**
 * Holds the initial copy of `table` on the target: a SHARE lock conflicts with the ROW EXCLUSIVE
 * lock the copy needs, so the subscription's wait for sync goes on until `release()` (or until the
 * target restarts, which ends the holding session). Taken as soon as the table exists.
 */
export async function holdInitialCopy(
  targetAppUrl: string,
  table: string,
): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({
    connectionString: targetAppUrl,
    application_name: 'replctl test copy hold',
  });
  client.on('error', () => undefined);
  await client.connect();
  for (let tries = 0; ; tries++) {
    await client.query('BEGIN');
    const locked = await client.query(`LOCK TABLE ${table} IN SHARE MODE`).then(
      () => true,
      (error: unknown) => {
        if (tries > 3000) throw error;
        return false;
      },
    );
    if (locked) break;
    await client.query('ROLLBACK');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {
    release: async () => {
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
