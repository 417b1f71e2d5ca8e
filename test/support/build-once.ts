import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
/** What the build reads: a change in any of these makes dist/ stale. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json'];
const STAMP = join(repoRoot, 'dist', '.build-stamp.json');
const LOCK = join(repoRoot, 'node_modules', '.cache', 'replctl-build.lock');
/** A lock older than this was left by a killed test run. */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * bin/replctl.js runs dist/, so tests that spawn the real CLI build it from the current sources
 * first. Builds only when the sources differ from those of the last build, one test file at a
 * time, and at most once per test run (the forks of a run share a parent): sources edited while
 * the run goes on must not have dist/ rewritten under CLIs that other files are running.
 * Rejects with the compiler's output when the sources do not compile.
 */
export async function buildOnce(): Promise<void> {
  await withLock(async () => {
    const hash = await sourcesHash();
    const stamp: { readonly hash?: string; readonly run?: number } = await readFile(STAMP, 'utf8').then(
      (text) => JSON.parse(text),
      () => ({}),
    );
    if (stamp.hash === hash || stamp.run === process.ppid) return;
    try {
      await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`the build (tsc -p tsconfig.build.json) failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    await writeFile(STAMP, JSON.stringify({ hash, run: process.ppid }));
  });
}

async function sourcesHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of await filesUnder(join(repoRoot, input))) {
      hash
        .update(file.slice(repoRoot.length))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

async function filesUnder(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function withLock(work: () => Promise<void>): Promise<void> {
  await mkdir(join(LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > STALE_LOCK_MS) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
