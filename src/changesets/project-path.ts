import { posix } from 'node:path';

/**
 * What is wrong with a path that must stay inside the project (a `{ file: PATH }` secret, the
 * changesets folder), or undefined. An absolute path or one that climbs out with `..` would let
 * a changeset from a pull request read any file on the CI machine.
 */
export function projectPathProblem(path: string): string | undefined {
  if (path.includes('\0')) return 'expected a path, but got text with a NUL character';
  const slashed = path.replaceAll('\\', '/');
  if (slashed.startsWith('/') || slashed.startsWith('~') || /^[A-Za-z]:/.test(slashed)) {
    return `expected a path relative to the project directory, but got the absolute path "${path}"`;
  }
  const normalized = posix.normalize(slashed);
  if (normalized === '..' || normalized.startsWith('../')) {
    return `expected a path inside the project directory, but got "${path}", which leaves it through ".."`;
  }
  return undefined;
}
