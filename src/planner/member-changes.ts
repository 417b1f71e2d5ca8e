/**
 * Set difference in O(n): what the desired list adds, and what live holds that the desired list
 * lacks and the scope mentions. An absent desired list (`undefined`) wants nothing.
 */
export function memberChanges(
  wanted: readonly string[] | undefined,
  live: readonly string[],
  mentioned: ReadonlySet<string>,
  removeAll = false,
): { readonly add: string[]; readonly remove: string[] } {
  const want = new Set(wanted ?? []);
  const have = new Set(live);
  return {
    add: [...want].filter((m) => !have.has(m)).sort(),
    remove: [...have].filter((m) => !want.has(m) && (removeAll || mentioned.has(m))).sort(),
  };
}
