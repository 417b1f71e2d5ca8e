import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withClient } from '../src/local/with-client.js';
import { quoteIdent } from '../src/sql/quote.js';
import { type TestLocalEnv, withDatabase } from '../test/support/local-env.js';
import type { BenchNetwork } from './bench-network.js';
import { TARGET_DATABASE } from './bench-project.js';
import type { BenchTable } from './bench-tables.js';
import { minimalSetup } from './minimal-setup.js';
import { perObjectSetup } from './per-object-setup.js';
import { captureQueries } from './query-capture.js';
import type { SetupTarget } from './setup-target.js';

/** The two setups replctl's apply is measured against, each on fresh databases of its own. */
export type HandWritten = 'minimal' | 'per-object';

const DATABASES: Readonly<Record<HandWritten, string>> = {
  minimal: 'app_minimal',
  'per-object': 'app_per_object',
};

export interface HandWrittenRun {
  readonly ms: number;
  /** Statements sent (round trips). */
  readonly statements: number;
  /** Per object only: the part of `ms` spent on the per-table statements. */
  readonly perTableMs?: number;
}

/**
 * Copies of the source database for the hand-written setups, made before anything touches the
 * original (a template must have no sessions), and a pg_hba.conf line that lets their roles in
 * (the environment's only admits replctl's).
 */
export async function prepareHandWrittenSetups(local: TestLocalEnv): Promise<void> {
  const databases = Object.values(DATABASES);
  await withClient(local.sourceAdminUrl('postgres'), async (c) => {
    for (const database of databases) {
      await c.query(`CREATE DATABASE ${quoteIdent(database)} TEMPLATE ${quoteIdent(TARGET_DATABASE)}`);
    }
    await appendFile(
      join(local.environment.source.state.dataDir, 'pg_hba.conf'),
      `host    ${databases.join(',')}    all    127.0.0.1/32    scram-sha-256\n`,
    );
    await c.query('SELECT pg_reload_conf()');
  });
}

/**
 * Runs one hand-written setup of `tables` through `network`, counting the statements it sends, then
 * drops its subscription (and with it its slot), so its replication does not run under the next
 * measurement.
 */
export async function runHandWritten(
  local: TestLocalEnv,
  which: HandWritten,
  tables: readonly BenchTable[],
  network: BenchNetwork,
): Promise<HandWrittenRun> {
  const target = setupTarget(local, DATABASES[which], network);
  const capture = captureQueries();
  let run: HandWrittenRun;
  try {
    const timed =
      which === 'minimal' ? { ms: await minimalSetup(target, tables) } : await perObjectSetup(target, tables);
    run = { ...timed, statements: capture.sessions.reduce((sum, s) => sum + s.queries.length, 0) };
  } finally {
    capture.stop();
  }
  await withClient(withDatabase(local.targetUrl, target.database), (c) =>
    c.query(`DROP SUBSCRIPTION ${quoteIdent(target.subscription)}`),
  );
  return run;
}

function setupTarget(local: TestLocalEnv, database: string, network: BenchNetwork): SetupTarget {
  return {
    sourceUrl: network.url(local.sourceAdminUrl(database)),
    targetUrl: network.url(local.targetUrl),
    database,
    sourcePort: local.sourcePort,
    role: `replicator_${database}`,
    password: local.replicatorPassword,
    publication: `publication_${database}`,
    subscription: `subscription_${database}`,
  };
}
