import { isJsonObject, type JsonValue, objectFromEntries } from './json.js';

/**
 * JSON Merge Patch, RFC 7386 §2: objects merge key by key, `null` deletes a key, any other value
 * (scalars and whole lists) replaces. Returns a new value; neither input is modified.
 *
 * @example mergePatch({ a: { b: 1, c: 2 } }, { a: { c: null, d: 3 } }) // { a: { b: 1, d: 3 } }
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const merged = new Map<string, JsonValue>(isJsonObject(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, mergePatch(merged.get(key), value));
  }
  return objectFromEntries(merged);
}
