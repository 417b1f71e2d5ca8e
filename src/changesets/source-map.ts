import type { SourcePosition } from '../errors.js';
import { parentPointer } from './json-pointer.js';

interface Entry {
  /** Where the key of a map member starts; absent for list items and the root. */
  readonly key?: SourcePosition;
  readonly value: SourcePosition;
}

/**
 * Where each JSON Pointer of a parsed YAML document was written. Lookups of a pointer that is not
 * in the document (a missing required key, a value reached through a fold) fall back to the
 * nearest ancestor, so every diagnostic gets a line and column.
 */
export class SourceMap {
  readonly #entries = new Map<string, Entry>();
  /**
   * Offsets into the text, as the fast parser records them: lines and columns are worked out only
   * for the few pointers a diagnostic asks about (a 10,000-table changeset has 30,000 pointers).
   */
  readonly #valueOffsets = new Map<string, number>();
  readonly #keyOffsets = new Map<string, number>();
  #locate: ((offset: number) => SourcePosition) | undefined;

  constructor(readonly file: string) {
    this.#entries.set('', { value: { file, line: 1, column: 1 } });
  }

  /** Called by the parser only. */
  record(pointer: string, entry: Entry): void {
    this.#entries.set(pointer, entry);
  }

  /** Called by the fast parser only, with `locate` (see `locateOffsets`) turning offsets into positions. */
  recordOffsets(pointer: string, value: number, key?: number): void {
    this.#valueOffsets.set(pointer, value);
    if (key !== undefined) this.#keyOffsets.set(pointer, key);
  }

  locateOffsets(locate: (offset: number) => SourcePosition): void {
    this.#locate = locate;
  }

  has(pointer: string): boolean {
    return this.#valueOffsets.has(pointer) || this.#entries.has(pointer);
  }

  /** Where the value at `pointer` starts (for an empty value: its key). */
  value(pointer: string): SourcePosition {
    return this.#nearest(pointer).value;
  }

  /** Where the key naming `pointer` starts; the value's position for list items and the root. */
  key(pointer: string): SourcePosition {
    const entry = this.#nearest(pointer);
    return entry.key ?? entry.value;
  }

  #nearest(pointer: string): Entry {
    let p = pointer;
    for (;;) {
      const value = this.#valueOffsets.get(p);
      if (value !== undefined && this.#locate !== undefined) {
        const key = this.#keyOffsets.get(p);
        return { value: this.#locate(value), ...(key === undefined ? {} : { key: this.#locate(key) }) };
      }
      const entry = this.#entries.get(p);
      if (entry) return entry;
      p = parentPointer(p);
    }
  }
}
