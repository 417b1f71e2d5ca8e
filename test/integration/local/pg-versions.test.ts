import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedMajors } from '../../../src/local/postgres/binaries.js';
import { withClient } from '../../../src/local/with-client.js';
import { startLocalEnv, type TestLocalEnv, testPgVersions } from '../../support/local-env.js';
import { replicateByHand } from './logical-replication.js';

const installed = await installedMajors();

/**
 * The oldest and newest supported majors besides the default 17 (package.json installs them);
 * `npm run test:matrix` runs every one.
 */
for (const major of testPgVersions([12, 18])) {
  const missing = !installed.includes(major);
  // Locally a missing major is skipped with a reason; in CI it is a failed install, so the test runs and fails.
  const skip = missing && !process.env.CI;
  if (skip) {
    console.warn(
      `PostgreSQL ${major} binaries are not installed: skipping (npm run test:matrix installs them)`,
    );
  }
  describe.skipIf(skip)(`the local environment on PostgreSQL ${major}`, () => {
    let local: TestLocalEnv;
    beforeAll(async () => {
      local = await startLocalEnv({ pgVersion: major });
    });
    afterAll(async () => {
      await local?.stop();
    });

    it('runs that major on both sides, with a master login that is a superuser only before 16', async () => {
      for (const url of [local.sourceUrl, local.targetUrl]) {
        await withClient(url, async (c) => {
          const { rows } = await c.query(
            `SELECT current_setting('server_version_num')::int / 10000 AS major`,
          );
          expect(rows[0].major).toBe(major);
        });
      }
      await withClient(local.targetUrl, async (c) => {
        const { rows } = await c.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
        expect(rows[0].rolsuper).toBe(major < 16);
      });
    });

    it('replicates for real once the source is switched to logical by hand', async () => {
      await replicateByHand(local);
    });
  });
}
