import { isJsonObject, type JsonValue } from './json.js';
import { childPointer } from './json-pointer.js';

/** One value reached by a path pattern: its pointer, its key (or list index) and the value. */
export interface Match {
  readonly pointer: string;
  readonly key: string;
  readonly value: JsonValue;
}

/**
 * Every value under `document` at a path of literal keys and `*` (any map key or list index),
 * e.g. `['source', 'publications', '*', 'tables', '*']`. Missing or mistyped levels are skipped, so
 * the checks built on this can run on any document.
 */
export function matchPath(document: JsonValue, path: readonly string[]): Match[] {
  return matchPaths(document, [path])[0]!;
}

/**
 * `matchPath` for several paths at once, in one walk: paths that share a prefix (the checks of a
 * 10,000-table map) visit its members once rather than once per path. Each path's matches are in
 * document order, as `matchPath` gives them.
 */
export function matchPaths(document: JsonValue, paths: readonly (readonly string[])[]): Match[][] {
  const root = new PatternNode();
  for (const [index, path] of paths.entries()) {
    let node = root;
    for (const segment of path) node = node.child(segment);
    node.ends.push(index);
  }
  const matches: Match[][] = paths.map(() => []);
  const visit = (node: PatternNode, match: Match): void => {
    for (const index of node.ends) matches[index]!.push(match);
    const { value } = match;
    if (node.any !== undefined && Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(node.any, new ChildMatch(match, String(i), item));
    } else if (isJsonObject(value)) {
      if (node.any !== undefined) {
        for (const key of Object.keys(value)) {
          const child = new ChildMatch(match, key, value[key]!);
          visit(node.any, child);
          const literal = node.literals.get(key);
          if (literal !== undefined) visit(literal, child);
        }
      } else {
        for (const [key, literal] of node.literals)
          if (Object.hasOwn(value, key)) visit(literal, new ChildMatch(match, key, value[key]!));
      }
    }
  };
  visit(root, { pointer: '', key: '', value: document });
  return matches;
}

/** A trie of path patterns: the paths ending here, and the next segments. */
class PatternNode {
  readonly ends: number[] = [];
  readonly literals = new Map<string, PatternNode>();
  any: PatternNode | undefined;

  child(segment: string): PatternNode {
    if (segment === '*') {
      this.any ??= new PatternNode();
      return this.any;
    }
    let node = this.literals.get(segment);
    if (node === undefined) {
      node = new PatternNode();
      this.literals.set(segment, node);
    }
    return node;
  }
}

/**
 * A match whose pointer is built when asked for: checks read every value of a 10,000-table
 * document, and need the pointer only for the few that have a problem.
 */
class ChildMatch implements Match {
  #pointer: string | undefined;

  constructor(
    readonly parent: Match,
    readonly key: string,
    readonly value: JsonValue,
  ) {}

  get pointer(): string {
    this.#pointer ??= childPointer(this.parent.pointer, this.key);
    return this.#pointer;
  }
}
