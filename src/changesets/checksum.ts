import { createHash } from 'node:crypto';
import { isJsonObject, type JsonValue } from './json.js';

/**
 * Bumped whenever the canonical form below changes, so a journal can tell an old checksum from a
 * changed file.
 */
export const CHECKSUM_PREFIX = 'v1:sha256:';

/**
 * JSON with keys sorted at every level and no whitespace: equal meaning gives equal text. Built by
 * appending to one string (changesets of 10,000 tables hold tens of thousands of values).
 */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]!);
    return `${out}]`;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(value[key]!)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/**
 * The checksum of a changeset: over the parsed document, not the bytes, so whitespace, comments,
 * line endings, quoting style and key order never change it, and any change of meaning does.
 */
export function changesetChecksum(document: JsonValue): string {
  return CHECKSUM_PREFIX + createHash('sha256').update(canonicalJson(document), 'utf8').digest('hex');
}
