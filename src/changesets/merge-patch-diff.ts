import { isJsonObject, type JsonValue, jsonEqual, objectFromEntries } from './json.js';

/**
 * The merge patch that turns `from` into `to`: `mergePatch(from, diffMergePatch(from, to))` equals
 * `to` whenever `to` holds no `null` inside an object (merge patches cannot express such a value).
 * Used to show what a changeset changes in the folded state and to write the smallest changeset.
 * Returns `{}` when `from` and `to` are equal maps.
 */
export function diffMergePatch(from: JsonValue, to: JsonValue): JsonValue {
  // Only a map can be left alone by a patch ({}); any other value is kept by patching it with itself.
  if (!isJsonObject(from) || !isJsonObject(to)) return to;
  const patch = new Map<string, JsonValue>();
  for (const key of Object.keys(from)) if (!Object.hasOwn(to, key)) patch.set(key, null);
  for (const [key, value] of Object.entries(to)) {
    const before = Object.hasOwn(from, key) ? from[key]! : undefined;
    if (before === undefined) patch.set(key, value);
    else if (isJsonObject(before) && isJsonObject(value)) {
      const inner = diffMergePatch(before, value);
      if (!isJsonObject(inner) || Object.keys(inner).length > 0) patch.set(key, inner);
    } else if (!jsonEqual(before, value)) patch.set(key, value);
  }
  return objectFromEntries(patch);
}
