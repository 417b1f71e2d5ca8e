import { basename, join } from 'node:path';
import pg from 'pg';
import { fold, foldSteps, latestVersion } from '../../src/changesets/fold.js';
import { loadChangesets } from '../../src/changesets/load.js';
import { introspect, scopeOf } from '../../src/introspect/index.js';
import type { LiveState } from '../../src/model/live-state.js';
import { type StableLiveState, stableLiveState } from '../../src/planner/stable-live-state.js';
import { rdsClient } from '../integration/rds-endpoint/sdk-client.js';
import type { E2eEnvironment } from './e2e-environment.js';
import { withDatabase } from './local-env.js';

/**
 * What `replctl plan` reads of an environment for its project's latest version (with the scope of
 * every version), through the product's own introspection.
 */
export async function introspectEnvironment(e: E2eEnvironment): Promise<LiveState> {
  const changesets = await loadChangesets(join(e.project, 'changesets'));
  const desired = fold(changesets, latestVersion(changesets));
  const earlier = [...foldSteps(changesets)].map((step) => step.state);
  const opened: pg.Client[] = [];
  const open = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    opened.push(client);
    await client.connect();
    return client;
  };
  const rds = rdsClient(e.local.rdsEndpointUrl);
  try {
    const { live } = await introspect(
      {
        source: await open(e.local.sourceUrl),
        target: {
          admin: await open(e.local.targetUrl),
          connect: (database) => open(withDatabase(e.local.targetUrl, database)),
        },
        rds: { client: rds, instance: 'reporting-replica' },
      },
      scopeOf(desired, earlier),
    );
    return live;
  } finally {
    rds.destroy();
    await Promise.all(opened.map((c) => c.end().catch(() => undefined)));
  }
}

/**
 * A live state as two environments that converged alike have it: without what moves on its own
 * (`stableLiveState`), with the salted password fingerprints reduced to their presence, pg_hba
 * file paths to the file name (each environment has its own directory), and without whether
 * target tables are empty (data, which tests compare by rows).
 */
export function comparableLiveState(live: LiveState): StableLiveState {
  const stable = stableLiveState(live);
  return {
    ...stable,
    source: {
      ...stable.source,
      ...(stable.source.hba
        ? { hba: stable.source.hba.map((r) => (r.fileName ? { ...r, fileName: basename(r.fileName) } : r)) }
        : {}),
      roles: Object.fromEntries(
        Object.entries(stable.source.roles).map(([name, role]) => [
          name,
          { ...role, ...(role.passwordFingerprint ? { passwordFingerprint: 'present' } : {}) },
        ]),
      ),
    },
    target: {
      ...stable.target,
      tables: Object.fromEntries(
        Object.entries(stable.target.tables).map(([name, { empty: _e, ...table }]) => [name, table]),
      ),
      subscriptions: Object.fromEntries(
        Object.entries(stable.target.subscriptions).map(([name, s]) => [
          name,
          { ...s, ...(s.connectionFingerprint ? { connectionFingerprint: 'present' } : {}) },
        ]),
      ),
    },
  };
}
