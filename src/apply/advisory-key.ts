import { createHash } from 'node:crypto';

/**
 * A bigint advisory lock key (as a decimal string for a `$1::bigint` parameter) derived from a name,
 * so replctl's keys are stable across versions and unlikely to meet another application's.
 */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(`replctl:${name}`).digest().readBigInt64BE(0).toString();
}
