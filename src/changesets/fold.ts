import { ReplctlError, type SourcePosition } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import type { Changeset, FoldedDocument } from './changeset.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { childPointer, parentPointer } from './json-pointer.js';
import { mergePatch } from './merge-patch.js';

/** The highest version, or 0 when there are no changesets. */
export function latestVersion(changesets: readonly Changeset[]): number {
  return changesets.reduce((max, c) => Math.max(max, c.version), 0);
}

/** A folded state together with where each of its values was last set. */
export interface FoldedState {
  readonly version: number;
  readonly document: FoldedDocument;
  readonly state: DesiredState;
  /**
   * Where the value at `pointer` (into `document`) was last set: the key or the value in the
   * changeset that wrote it. For a value no changeset wrote itself, the closest enclosing one.
   */
  origin(pointer: string, at?: 'key' | 'value'): SourcePosition;
  /** The changeset that last wrote `pointer`, or failing that its closest written ancestor. */
  writer(pointer: string): Changeset;
  /**
   * The changeset that last removed `pointer` with `null`, if one did: the place to blame when
   * something the state still needs is missing.
   */
  remover(pointer: string): Changeset | undefined;
}

/**
 * The desired state at `toVersion` (default: the latest): changeset 1 patched with 2..K in order
 * (design §2). The changesets must have passed validation (see `loadChangesets`). With no
 * changesets at all the state is empty: nothing is managed.
 *
 * @example fold(await loadChangesets('changesets'), 2).target?.tables
 */
export function fold(changesets: readonly Changeset[], toVersion?: number): DesiredState {
  if (changesets.length === 0 && (toVersion ?? 0) === 0) return {};
  return foldWithOrigins(changesets, toVersion).state;
}

/** `fold`, keeping where each value came from (for diagnostics and lint findings). */
export function foldWithOrigins(changesets: readonly Changeset[], toVersion?: number): FoldedState {
  const latest = latestVersion(changesets);
  const version = toVersion ?? latest;
  if (latest === 0) throw new ReplctlError('expected at least one changeset, but got none');
  if (!Number.isInteger(version) || version < 1 || version > latest) {
    throw new ReplctlError(`expected a changeset version from 1 to ${latest}, but got ${version}`);
  }
  let last: FoldedState | undefined;
  for (const step of foldSteps(changesets.filter((c) => c.version <= version))) last = step;
  return last!;
}

/**
 * The folded state after each changeset, in version order, computed incrementally. A step's
 * `origin`, `writer` and `remover` are only right until the next step is taken (they share the
 * record of writers).
 */
export function* foldSteps(changesets: readonly Changeset[]): Generator<FoldedState> {
  const ordered = [...changesets].sort((a, b) => a.version - b.version);
  let document: JsonValue = {};
  const writers = new Map<string, Changeset>();
  const removers = new Map<string, Changeset>();
  const first = ordered[0];
  for (const changeset of ordered) {
    const patch = changeset.document as unknown as JsonObject;
    document = mergePatch(document, patch);
    recordWriters(patch, '', changeset, writers, removers);
    const folded = document as unknown as FoldedDocument;
    const { version: _version, description: _description, ...state } = folded;
    const writer = (pointer: string): Changeset => {
      for (let p = pointer; p !== ''; p = parentPointer(p)) {
        const owner = writers.get(p);
        if (owner) return owner;
      }
      return first!;
    };
    yield {
      version: changeset.version,
      document: folded,
      state,
      origin: (pointer, at = 'value') => writer(pointer).positions[at](pointer),
      writer,
      remover: (pointer) => removers.get(pointer),
    };
  }
}

/** Every pointer a patch writes belongs to that changeset until a later patch writes it again. */
function recordWriters(
  value: JsonValue,
  pointer: string,
  changeset: Changeset,
  writers: Map<string, Changeset>,
  removers: Map<string, Changeset>,
): void {
  if (pointer !== '') writers.set(pointer, changeset);
  if (value === null) removers.set(pointer, changeset);
  const members: [string | number, JsonValue][] = Array.isArray(value)
    ? [...value.entries()]
    : isJsonObject(value)
      ? Object.entries(value)
      : [];
  for (const [key, member] of members)
    recordWriters(member, childPointer(pointer, key), changeset, writers, removers);
}
