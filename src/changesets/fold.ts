import { ReplctlError, type SourcePosition } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import type { Changeset, FoldedDocument } from './changeset.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { parentPointer, pointerSegments } from './json-pointer.js';
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
 * `origin`, `writer` and `remover` look only at the changesets up to it, and only when asked (they
 * serve diagnostics): folding itself does not walk every value of every patch.
 */
export function* foldSteps(changesets: readonly Changeset[]): Generator<FoldedState> {
  const ordered = [...changesets].sort((a, b) => a.version - b.version);
  let document: JsonValue = {};
  const first = ordered[0];
  for (const [index, changeset] of ordered.entries()) {
    document = mergePatch(document, changeset.document as unknown as JsonObject);
    const applied = ordered.slice(0, index + 1);
    const folded = document as unknown as FoldedDocument;
    const { version: _version, description: _description, ...state } = folded;
    const writer = (pointer: string): Changeset => {
      for (let p = pointer; p !== ''; p = parentPointer(p)) {
        const segments = pointerSegments(p);
        const owner = applied.findLast((c) => memberAt(c.document as unknown as JsonValue, segments).found);
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
      remover: (pointer) => {
        const segments = pointerSegments(pointer);
        return applied.findLast((c) => {
          const member = memberAt(c.document as unknown as JsonValue, segments);
          return member.found && member.value === null;
        });
      },
    };
  }
}

/**
 * The value a patch writes at `segments` (a null included: it removes), if the patch reaches that
 * deep: every pointer a patch writes belongs to that changeset until a later patch writes it again.
 */
function memberAt(
  patch: JsonValue,
  segments: readonly string[],
): { readonly found: boolean; readonly value?: JsonValue } {
  let value = patch;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      const index = Number(segment);
      if (!Number.isInteger(index) || String(index) !== segment || index >= value.length)
        return { found: false };
      value = value[index]!;
    } else if (isJsonObject(value) && Object.hasOwn(value, segment)) {
      value = value[segment]!;
    } else return { found: false };
  }
  return { found: true, value };
}
