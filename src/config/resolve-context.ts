import { readFileSync, realpathSync } from 'node:fs';

/** What resolving references may read: passed in so resolution is tested without the real world. */
export interface ResolveContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Absolute project directory; `{ file }` paths are relative to it. */
  readonly projectDir: string;
  readFile(absolutePath: string): string;
  /** The path with symbolic links resolved, to keep `{ file }` secrets inside the project. */
  realpath(absolutePath: string): string;
}

export function processResolveContext(projectDir: string): ResolveContext {
  return {
    env: process.env,
    projectDir,
    readFile: (path) => readFileSync(path, 'utf8'),
    realpath: (path) => realpathSync(path),
  };
}
