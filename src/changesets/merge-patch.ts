import { isJsonObject, type JsonObject, type JsonValue, objectFromEntries } from './json.js';

/**
 * JSON Merge Patch, RFC 7386 §2: objects merge key by key, `null` deletes a key, any other value
 * (scalars and whole lists) replaces. Neither input is modified; the result may share unchanged
 * parts with them (values are never mutated).
 *
 * @example mergePatch({ a: { b: 1, c: 2 } }, { a: { c: null, d: 3 } }) // { a: { b: 1, d: 3 } }
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  // Nothing to merge into and nothing to delete: the patch is the result (values are never mutated).
  if (!isJsonObject(target) && !removesAnythingOnce(patch)) return patch;
  const merged = new Map<string, JsonValue>(isJsonObject(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, mergePatch(merged.get(key), value));
  }
  return objectFromEntries(merged);
}

/**
 * `removesAnything`, answered once per patch object: every fold (validation, the plan's states at
 * each version) merges the same changeset documents again, and a 10,000-table patch takes a walk.
 * Safe because values are never mutated.
 */
const removals = new WeakMap<JsonObject, boolean>();

function removesAnythingOnce(patch: JsonObject): boolean {
  let answer = removals.get(patch);
  if (answer === undefined) {
    answer = removesAnything(patch);
    removals.set(patch, answer);
  }
  return answer;
}

/** Whether a patch holds a null in any of its maps (lists are values: their nulls stay). */
function removesAnything(patch: JsonObject): boolean {
  for (const value of Object.values(patch)) {
    if (value === null || (isJsonObject(value) && removesAnything(value))) return true;
  }
  return false;
}
