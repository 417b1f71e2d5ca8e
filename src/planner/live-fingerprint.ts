import { createHash } from 'node:crypto';
import type { LiveState } from '../model/live-state.js';

/**
 * The hash a saved plan carries of the LiveState it was made from (design §5: apply refuses a plan
 * whose live state changed). Canonical JSON (sorted keys, undefined members left out, as
 * JSON.stringify does) so the same state always gives the same hash, whatever the key order.
 */
export function fingerprintLiveState(live: LiveState): string {
  return `sha256:${createHash('sha256').update(canonicalJson(live)).digest('hex')}`;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}
