import { canonicalTableOrUndefined } from './table-names.js';

/**
 * What replctl manages: every key that any changeset document 1..N mentions, including keys set to
 * `null` (design §2: objects no changeset ever mentioned are never touched; removal is explicit).
 * A live member that the scope mentions but the desired state at version K lacks is removed; one
 * the scope does not mention is left alone. Because the scope spans all documents, rolling back to
 * K removes what K+1..N added.
 *
 * Lists of names (`usage: [public]`, `publications: [p]`) are sets written as arrays: their string
 * elements count as mentioned keys too.
 */
export type ManagedScope = ReadonlyMap<string, ManagedScope>;

type MutableScope = Map<string, MutableScope>;

export const EMPTY_SCOPE: ManagedScope = new Map();

/**
 * What a key mentioned with nothing below it (`public.users: {}`, a list element) leads to: one
 * shared empty scope rather than a map each, tens of thousands in a large setup. Never written to:
 * `branch` replaces it when a later document mentions something below the key.
 */
const LEAF: ManagedScope = new Map();

/** The deep union of the keys the documents mention (pure). */
export function managedScope(documents: readonly unknown[]): ManagedScope {
  const root: MutableScope = new Map();
  for (const document of documents) mention(root, document);
  return root;
}

function mention(scope: MutableScope, value: unknown): void {
  if (Array.isArray(value)) {
    for (const element of value) if (typeof element === 'string') leaf(scope, element);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(record)) {
    const member = record[key];
    if (mentionsBelow(member)) mention(branch(scope, key), member);
    else leaf(scope, key);
  }
}

/** Whether `value` mentions keys of its own: a non-empty object, or a list with a name in it. */
function mentionsBelow(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((element) => typeof element === 'string');
  for (const _ in value) return true;
  return false;
}

function leaf(scope: MutableScope, key: string): void {
  if (!scope.has(key)) scope.set(key, LEAF as MutableScope);
}

function branch(scope: MutableScope, key: string): MutableScope {
  let next = scope.get(key);
  if (next === undefined || next === LEAF) {
    next = new Map();
    scope.set(key, next);
  }
  return next;
}

/** The sub-scope at a path, or undefined when no document mentions it. */
export function scopeAt(scope: ManagedScope, path: readonly string[]): ManagedScope | undefined {
  let node: ManagedScope | undefined = scope;
  for (const key of path) {
    node = node.get(key);
    if (node === undefined) return undefined;
  }
  return node;
}

export function isMentioned(scope: ManagedScope, path: readonly string[]): boolean {
  return scopeAt(scope, path) !== undefined;
}

/** The keys mentioned directly under a path (empty when the path is not mentioned). */
export function mentionedKeys(scope: ManagedScope, path: readonly string[]): readonly string[] {
  return [...(scopeAt(scope, path)?.keys() ?? [])];
}

/** Canonical table sets by scope node: the diff and lint ask for the same 10,000 keys more than once. */
const mentionedTablesCache = new WeakMap<ManagedScope, ReadonlySet<string>>();
const NO_TABLES: ReadonlySet<string> = new Set();

/** The table keys mentioned under a path, in canonical spelling (changesets may quote needlessly). */
export function mentionedTables(scope: ManagedScope, path: readonly string[]): ReadonlySet<string> {
  const node = scopeAt(scope, path);
  if (node === undefined) return NO_TABLES;
  let tables = mentionedTablesCache.get(node);
  if (tables === undefined) {
    const canonical = new Set<string>();
    for (const key of node.keys()) {
      const table = canonicalTableOrUndefined(key);
      if (table !== undefined) canonical.add(table);
    }
    mentionedTablesCache.set(node, canonical);
    tables = canonical;
  }
  return tables;
}
