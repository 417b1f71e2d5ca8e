/**
 * `value` with every object's keys in canonical order, deeply: sorted by code unit, inserted in
 * that order (so integer-like keys come first, in numeric order, as JavaScript objects keep them).
 * JSON.stringify of the copy is `canonicalJson(value)`; undefined members stay, as JSON leaves
 * them out anyway.
 */
export function canonicalCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonicalCopy) as T;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = canonicalCopy((value as Record<string, unknown>)[key]);
  return sorted as T;
}

/** The same members with the keys in canonical order, shallowly: the values are taken as they are. */
export function withSortedKeys<T extends object>(value: T): T {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted as T;
}
