/**
 * `npm run test:matrix [-- <vitest args>]`: the PostgreSQL compatibility matrix. package.json
 * installs 17 (the default), 12 and 18 (what CI runs); this installs the other majors as npm
 * aliases without saving them (they would triple `npm ci`), then runs the version-parameterised
 * tests on every supported major (REPLCTL_TEST_PG_VERSIONS). Without arguments it runs
 * test/integration/local/pg-versions.test.ts (each major on both sides) and
 * test/reliability/compatibility.test.ts (the end-to-end path for every major as source into the
 * newest, as target from the oldest, and into itself); pass other test paths to run them instead.
 */
import { spawnSync } from 'node:child_process';
import { aliasInstallSpec, installedMajors, SUPPORTED_MAJORS } from '../src/local/postgres/binaries.js';

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const installed = await installedMajors();
const missing = SUPPORTED_MAJORS.filter((m) => !installed.includes(m));
if (missing.length > 0) {
  process.stdout.write(`Installing PostgreSQL ${missing.join(', ')} (not saved to package.json)\n`);
  // The allowScripts entry for the platform package covers its aliases: the postinstall hydrates symlinks.
  const code = run('npm', ['install', '--no-save', ...missing.map(aliasInstallSpec)]);
  if (code !== 0) process.exit(code);
}
const DEFAULT_TESTS = [
  'test/integration/local/pg-versions.test.ts',
  'test/reliability/compatibility.test.ts',
];
const tests = process.argv.slice(2);
process.exitCode = run('npx', ['vitest', 'run', ...(tests.length > 0 ? tests : DEFAULT_TESTS)], {
  ...process.env,
  REPLCTL_TEST_PG_VERSIONS: SUPPORTED_MAJORS.join(','),
});
