import { basename } from 'node:path';
import type { Changeset } from '../changesets/changeset.js';
import { ReplctlError } from '../errors.js';

/** How a branch's changesets differ from the base's, version by version (pure). */
export interface ChangesetChanges {
  /** Versions only the branch has: what the pull request proposes. */
  readonly added: readonly Changeset[];
  /** Versions both have, with another meaning (checksum) in the branch: history rewritten. */
  readonly edited: readonly { readonly base: Changeset; readonly head: Changeset }[];
  /** Versions both have with the same meaning under another file name: harmless. */
  readonly renamed: readonly { readonly base: Changeset; readonly head: Changeset }[];
  /** Versions only the base has: the branch deleted them, or is behind the base. */
  readonly removed: readonly Changeset[];
  /** Versions both have, unchanged (comments and formatting aside: checksums are canonical). */
  readonly unchanged: readonly Changeset[];
}

/**
 * Compares by version and checksum, so an edit that only touches comments or whitespace is not a
 * change, as for the journal's integrity check.
 */
export function classifyChangesets(base: readonly Changeset[], head: readonly Changeset[]): ChangesetChanges {
  const baseByVersion = new Map(base.map((c) => [c.version, c]));
  const headVersions = new Set(head.map((c) => c.version));
  const added: Changeset[] = [];
  const edited: { base: Changeset; head: Changeset }[] = [];
  const renamed: { base: Changeset; head: Changeset }[] = [];
  const unchanged: Changeset[] = [];
  for (const changeset of [...head].sort((a, b) => a.version - b.version)) {
    const before = baseByVersion.get(changeset.version);
    if (before === undefined) added.push(changeset);
    else if (before.checksum !== changeset.checksum) edited.push({ base: before, head: changeset });
    else if (basename(before.file) !== basename(changeset.file))
      renamed.push({ base: before, head: changeset });
    else unchanged.push(changeset);
  }
  const removed = base.filter((c) => !headVersions.has(c.version)).sort((a, b) => a.version - b.version);
  return { added, edited, renamed, removed, unchanged };
}

/** Whether the branch only appends changesets to the base's history. */
export function isAppendOnly(changes: ChangesetChanges): boolean {
  return changes.edited.length === 0 && changes.removed.length === 0;
}

/**
 * The error for a branch that rewrites merged history (design §2: a changeset, once merged, is
 * what environments were built from; a change is a new changeset). Names every file and version.
 */
export function appendOnlyError(changes: ChangesetChanges, baseRef: string): ReplctlError {
  const versions = [
    ...changes.added,
    ...changes.unchanged,
    ...changes.removed,
    ...changes.edited.map((e) => e.head),
    ...changes.renamed.map((r) => r.head),
  ].map((c) => c.version);
  const next = Math.max(0, ...versions) + 1;
  const lines = [
    ...changes.edited.map(({ base, head }) =>
      basename(base.file) === basename(head.file)
        ? `  - ${head.file} (version ${head.version}) is edited, but version ${base.version} is already merged in ${baseRef}`
        : `  - ${head.file} (version ${head.version}) differs from ${base.file}, already merged in ${baseRef} as version ${base.version}: renumber the branch's changeset`,
    ),
    ...changes.removed.map(
      (c) =>
        `  - ${c.file} (version ${c.version}) is merged in ${baseRef} but missing in the branch: merge or rebase ${baseRef} into the branch`,
    ),
  ];
  return new ReplctlError(
    `Changeset history is append-only, but this branch rewrites what ${baseRef} already has:\n${lines.join('\n')}\n` +
      `Revert the edits and describe the change in a new changeset (version ${next}) instead.`,
  );
}
