import { formatQualifiedName, parseQualifiedName } from '../sql/quote.js';

/** Canonical spellings already worked out: each key is asked for by every check of every version. */
const canonicalKeys = new Map<string, string>();
const MAX_CACHED_KEYS = 100_000;

/** The one spelling of a table key, so `public.users` and `"public"."users"` are the same table. */
export function canonicalTableKey(key: string): string {
  // Without a quote a key is its own canonical spelling: parsed it is one dot between two parts
  // without dots or quotes, which are written without quotes again; unparsed it stays as it is.
  if (!key.includes('"')) return key;
  let canonical = canonicalKeys.get(key);
  if (canonical === undefined) {
    const parsed = parseQualifiedName(key);
    canonical = parsed ? formatQualifiedName(parsed) : key;
    if (canonicalKeys.size >= MAX_CACHED_KEYS) canonicalKeys.clear();
    canonicalKeys.set(key, canonical);
  }
  return canonical;
}

/** A map keyed by table (`target.tables`, a grant's `select`, a publication's `tables`), indexed. */
export interface TableMapIndex<T> {
  /** The keys as written, in the map's order, with their canonical spellings and values. */
  readonly keys: readonly string[];
  readonly canonical: readonly string[];
  readonly values: readonly T[];
  /** For each canonical spelling, the index of the first and of the last key with it. */
  readonly first: ReadonlyMap<string, number>;
  readonly last: ReadonlyMap<string, number>;
  /** Each key whose table an earlier key already names, with that earlier key. */
  readonly duplicates: readonly { readonly key: string; readonly earlier: string }[];
}

/**
 * Indexes already built, by map: folding shares every map a later patch does not touch with the
 * earlier states (values are never mutated), so the checks of every version reuse one index.
 */
const indexes = new WeakMap<object, TableMapIndex<unknown>>();

const EMPTY: TableMapIndex<never> = {
  keys: [],
  canonical: [],
  values: [],
  first: new Map(),
  last: new Map(),
  duplicates: [],
};

export function tableMapIndex<T>(map: Readonly<Record<string, T>> | undefined): TableMapIndex<T> {
  if (map === undefined) return EMPTY;
  let index = indexes.get(map) as TableMapIndex<T> | undefined;
  if (index === undefined) {
    index = buildIndex(map);
    indexes.set(map, index);
  }
  return index;
}

function buildIndex<T>(map: Readonly<Record<string, T>>): TableMapIndex<T> {
  const keys = Object.keys(map);
  const values = keys.map((key) => map[key]!);
  const canonical = keys.map(canonicalTableKey);
  const first = new Map<string, number>();
  const duplicates: { key: string; earlier: string }[] = [];
  const repeated: number[] = [];
  for (const [i, spelling] of canonical.entries()) {
    const earlier = first.get(spelling);
    if (earlier === undefined) first.set(spelling, i);
    else {
      duplicates.push({ key: keys[i]!, earlier: keys[earlier]! });
      repeated.push(i);
    }
  }
  let last: Map<string, number> | undefined;
  if (repeated.length > 0) {
    last = new Map(first);
    for (const i of repeated) last.set(canonical[i]!, i);
  }
  return { keys, canonical, values, first, last: last ?? first, duplicates };
}
