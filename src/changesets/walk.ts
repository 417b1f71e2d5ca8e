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
    for (const { pointer, value } of frontier) {
      if (segment === '*' && Array.isArray(value)) {
        for (const [i, item] of value.entries())
          next.push({ pointer: childPointer(pointer, i), key: String(i), value: item });
      } else if (segment === '*' && isJsonObject(value)) {
        for (const [key, member] of Object.entries(value))
          next.push({ pointer: childPointer(pointer, key), key, value: member });
      } else if (isJsonObject(value) && Object.hasOwn(value, segment)) {
        next.push({ pointer: childPointer(pointer, segment), key: segment, value: value[segment]! });
      }
    }
    frontier = next;
  }
  return frontier;
}
