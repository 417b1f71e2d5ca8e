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
  let frontier: Match[] = [{ pointer: '', key: '', value: document }];
  for (const segment of path) {
    const next: Match[] = [];
    for (const parent of frontier) {
      const { value } = parent;
      if (segment === '*' && Array.isArray(value)) {
        for (const [i, item] of value.entries()) next.push(new ChildMatch(parent, String(i), item));
      } else if (segment === '*' && isJsonObject(value)) {
        for (const [key, member] of Object.entries(value)) next.push(new ChildMatch(parent, key, member));
      } else if (isJsonObject(value) && Object.hasOwn(value, segment)) {
        next.push(new ChildMatch(parent, segment, value[segment]!));
      }
    }
    frontier = next;
  }
  return frontier;
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
