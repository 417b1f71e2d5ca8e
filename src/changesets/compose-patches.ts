import { isJsonObject, type JsonValue, objectFromEntries } from './json.js';

/**
 * One merge patch with the effect of applying `first` then `second`, or undefined when no single
 * merge patch has that effect: where `first` replaces or deletes a member and `second` then patches
 * that member as a map, the result must be "replace with a fresh map", which RFC 7386 cannot say
 * (a map in a patch always merges into what is there).
 */
export function composePatches(first: JsonValue, second: JsonValue): JsonValue | undefined {
  if (!isJsonObject(second)) return second;
  if (!isJsonObject(first)) return undefined;
  const composed = new Map<string, JsonValue>(Object.entries(first));
  for (const [key, value] of Object.entries(second)) {
    const earlier = composed.get(key);
    if (earlier === undefined || !isJsonObject(value)) {
      composed.set(key, value);
      continue;
    }
    const inner = composePatches(earlier, value);
    if (inner === undefined) return undefined;
    composed.set(key, inner);
  }
  return objectFromEntries(composed);
}
