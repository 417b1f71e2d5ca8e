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

/** The deep union of the keys the documents mention (pure). */
export function managedScope(documents: readonly unknown[]): ManagedScope {
  const root: MutableScope = new Map();
  for (const document of documents) mention(root, document);
  return root;
}

function mention(scope: MutableScope, value: unknown): void {
  if (Array.isArray(value)) {
    for (const element of value) if (typeof element === 'string') child(scope, element);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, member] of Object.entries(value)) mention(child(scope, key), member);
}

function child(scope: MutableScope, key: string): MutableScope {
  let next = scope.get(key);
  if (next === undefined) {
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

/** The table keys mentioned under a path, in canonical spelling (changesets may quote needlessly). */
export function mentionedTables(scope: ManagedScope, path: readonly string[]): ReadonlySet<string> {
  const tables = new Set<string>();
  for (const key of mentionedKeys(scope, path)) {
    const table = canonicalTableOrUndefined(key);
    if (table !== undefined) tables.add(table);
  }
  return tables;
}
