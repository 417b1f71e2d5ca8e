import type { SourcePosition } from '../errors.js';
import { parentPointer, pointerSegments } from './json-pointer.js';

interface Entry {
  /** Where the key of a map member starts; absent for list items and the root. */
  readonly key?: SourcePosition;
  readonly value: SourcePosition;
}

/**
 * Where the members of one map or list start in the text, in source order, as the fast parser
 * records them: a tree shaped as the document, so parsing builds no JSON Pointer per value (a
 * 10,000-table changeset has 30,000) and lines and columns are worked out only for the few values
 * a diagnostic asks about.
 */
export class OffsetNode {
  /** The members' keys; undefined for a list, whose members are found by index. */
  readonly keys: string[] | undefined;
  /** For each member in turn, where its key starts (-1 for list items) and where its value does. */
  readonly offsets: number[] = [];
  /** The offsets inside each member that is a non-empty map or list (made for the first such one). */
  #children: OffsetNode[] | undefined;
  #indexOfKey: Map<string, number> | undefined;

  constructor(kind: 'map' | 'list') {
    this.keys = kind === 'map' ? [] : undefined;
  }

  /** Records the next member, in source order. */
  add(key: string | undefined, keyOffset: number, valueOffset: number, inside: OffsetNode | undefined): void {
    if (inside !== undefined) {
      this.#children ??= [];
      this.#children[this.offsets.length >> 1] = inside;
    }
    if (key !== undefined) this.keys!.push(key);
    this.offsets.push(keyOffset, valueOffset);
  }

  child(index: number): OffsetNode | undefined {
    return this.#children?.[index];
  }

  /** The member named by one (unescaped) pointer segment, or -1. */
  indexOf(segment: string): number {
    if (this.keys === undefined) {
      const index = Number(segment);
      return Number.isInteger(index) && String(index) === segment && index < this.offsets.length >> 1
        ? index
        : -1;
    }
    // Built on the first lookup only: most documents are never asked where anything is.
    if (this.#indexOfKey === undefined) {
      this.#indexOfKey = new Map();
      for (const [index, key] of this.keys.entries()) this.#indexOfKey.set(key, index);
    }
    return this.#indexOfKey.get(segment) ?? -1;
  }
}

/** The fast parser's record of a document: its root's offset, its members' and how to locate them. */
interface OffsetTree {
  readonly rootOffset: number;
  readonly root: OffsetNode | undefined;
  readonly locate: (offset: number) => SourcePosition;
}

/**
 * Where each JSON Pointer of a parsed YAML document was written. Lookups of a pointer that is not
 * in the document (a missing required key, a value reached through a fold) fall back to the
 * nearest ancestor, so every diagnostic gets a line and column.
 */
export class SourceMap {
  readonly #entries = new Map<string, Entry>();
  #tree: OffsetTree | undefined;

  constructor(readonly file: string) {
    this.#entries.set('', { value: { file, line: 1, column: 1 } });
  }

  /** Called by the parser only. */
  record(pointer: string, entry: Entry): void {
    this.#entries.set(pointer, entry);
  }

  /** Called by the fast parser only, with `locate` turning offsets into positions. */
  recordOffsets(tree: OffsetTree): void {
    this.#tree = tree;
  }

  has(pointer: string): boolean {
    if (this.#tree !== undefined) return this.#treeLookup(pointer).exact;
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
    const tree = this.#tree;
    if (tree !== undefined) {
      const { valueOffset, keyOffset } = this.#treeLookup(pointer);
      const value = tree.locate(valueOffset);
      return keyOffset === -1 ? { value } : { value, key: tree.locate(keyOffset) };
    }
    let p = pointer;
    for (;;) {
      const entry = this.#entries.get(p);
      if (entry) return entry;
      p = parentPointer(p);
    }
  }

  /** The deepest member on the way to `pointer`, and whether it is `pointer` itself. */
  #treeLookup(pointer: string): { valueOffset: number; keyOffset: number; exact: boolean } {
    const tree = this.#tree!;
    let valueOffset = tree.rootOffset;
    let keyOffset = -1;
    let node = tree.root;
    const segments = pointerSegments(pointer);
    let depth = 0;
    for (; depth < segments.length && node !== undefined; depth++) {
      const index = node.indexOf(segments[depth]!);
      if (index === -1) break;
      keyOffset = node.offsets[2 * index]!;
      valueOffset = node.offsets[2 * index + 1]!;
      node = node.child(index);
    }
    return { valueOffset, keyOffset, exact: depth === segments.length };
  }
}
