/** The map's value for `key`, created by `make` on first use (grouping rows in one pass). */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => NoInfer<V>): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
