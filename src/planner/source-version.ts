import { ReplctlError } from '../errors.js';

/** `150004` -> `15.4` (the server_version_num scheme since PostgreSQL 10). */
export function formatServerVersion(versionNum: number): string {
  return `${Math.floor(versionNum / 10000)}.${versionNum % 10000}`;
}

/** Throws a planning error naming the object when the source is too old for a feature. */
export function requireSourceVersion(
  versionNum: number,
  minimumMajor: number,
  feature: string,
  path: string,
): void {
  if (versionNum >= minimumMajor * 10000) return;
  throw new ReplctlError(
    `${path}: ${feature} needs PostgreSQL ${minimumMajor} or later, but the source runs PostgreSQL ${formatServerVersion(versionNum)}`,
  );
}
