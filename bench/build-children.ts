import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './child-process.js';

/** The child scripts compiled for one bench run. */
export interface ChildBuild {
  /** The compiled form of a child script, e.g. `plan-child.ts`. */
  script(name: string): string;
  remove(): Promise<void>;
}

/**
 * Compiles the child scripts and the sources they use to JavaScript, so that what is measured runs
 * as the installed CLI does, on plain Node: tsx's loader hooks would add their own time to every
 * module loaded during a plan, and their own memory to its peak. Each run gets a directory of its
 * own under bench/results/ (git-ignored; inside the repository so node_modules resolves), with
 * package.json and schemas/ one level above src/, where the sources look for them as from dist/.
 */
export async function buildChildren(): Promise<ChildBuild> {
  await mkdir(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
  const dir = await mkdtemp(join(REPO_ROOT, 'bench', 'results', 'build-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const config = join(REPO_ROOT, 'bench', 'tsconfig.children.json');
    await promisify(execFile)(process.execPath, [tsc, '-p', config, '--outDir', dir], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`compiling the bench children failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    await copyFile(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
    await symlink(join(REPO_ROOT, 'schemas'), join(dir, 'schemas'), 'dir');
  } catch (error) {
    await remove();
    throw error;
  }
  return { script: (name) => join(dir, 'bench', name.replace(/\.ts$/, '.js')), remove };
}
