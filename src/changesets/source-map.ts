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

  constructor(readonly file: string) {
    this.#entries.set('', { value: { file, line: 1, column: 1 } });
  }

  /** Called by the parser only. */
  record(pointer: string, entry: Entry): void {
    this.#entries.set(pointer, entry);
  }

  has(pointer: string): boolean {
    return this.#entries.has(pointer);
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
      const entry = this.#entries.get(p);
      if (entry) return entry;
      p = parentPointer(p);
    }
  }
}
