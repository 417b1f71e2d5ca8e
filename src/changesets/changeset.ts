import type { DesiredState } from '../model/desired-state.js';
import type { SourceMap } from './source-map.js';

/**
 * A merge patch of T (RFC 7386): every member optional, and `null` removes it. Lists are replaced
 * whole, so they are not patched member by member.
 */
export type MergePatchOf<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: MergePatchOf<T[K]> | null }
    : T;

/** What one changeset file holds: version 1 a full document, later versions patches of it. */
export type ChangesetDocument = {
  readonly version: number;
  readonly description: string;
} & MergePatchOf<DesiredState>;

/**
 * The folded state as a document (what `replctl show` prints and the schema validates): the desired
 * state plus the version folded to and that changeset's description.
 */
export type FoldedDocument = { readonly version: number; readonly description: string } & DesiredState;

/** One validated changeset file. */
export interface Changeset {
  /** Equal to the number in the file name; versions run 1..N without gaps. */
  readonly version: number;
  readonly description: string;
  /** The path it was read from, as given to `loadChangesets` (relative to the working directory). */
  readonly file: string;
  /** `v1:sha256:<hex>` over the canonical parsed document (see checksum.ts). */
  readonly checksum: string;
  readonly document: ChangesetDocument;
  /** Line and column of every value in `document`, by JSON Pointer. */
  readonly positions: SourceMap;
}

/** `0003-add-invoices.yaml` -> 3; undefined when the name is not `NNNN-slug.yaml`. */
export function changesetFileNumber(fileName: string): number | undefined {
  const match = /^([0-9]{4,})-[A-Za-z0-9][A-Za-z0-9_-]*\.yaml$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

/** Whether a file in the changesets folder is meant as a changeset (and must then be named right). */
export function looksLikeChangeset(fileName: string): boolean {
  return !fileName.startsWith('.') && /\.ya?ml$/i.test(fileName);
}
