import type { Changeset } from '../changesets/changeset.js';
import { latestVersion } from '../changesets/fold.js';
import { ReplctlError } from '../errors.js';
import { type ChangesetChanges, classifyChangesets } from '../review/changeset-changes.js';
import { loadChangesetsAtRef } from '../review/ref-changesets.js';
import { type ApplyOutcome, type ApplyRequest, runApply } from './run-apply.js';

/** Where to roll back to: a changeset version, or the changesets as a git ref has them. */
export type RollbackTarget =
  | { readonly kind: 'version'; readonly version: number }
  | { readonly kind: 'ref'; readonly ref: string };

export interface RollbackRequest
  extends Omit<ApplyRequest, 'planFile' | 'toVersion' | 'changesets' | 'kind'> {
  readonly to: RollbackTarget;
  /** Told before the plan is made, e.g. that the ref's changesets differ from the working tree's. */
  readonly onTarget?: (target: ResolvedRollbackTarget) => void;
}

export interface ResolvedRollbackTarget {
  /** `version 1`, or `v1.0 (version 2)`. */
  readonly label: string;
  readonly version: number;
  /** The ref's changesets; undefined for a version of the project's own. */
  readonly changesets?: readonly Changeset[];
  /** Versions the ref has with another content than the working tree (apply then reports them). */
  readonly differing: ChangesetChanges['edited'];
}

/**
 * rollback (design §5, §7): apply, in the journal as a rollback, of an earlier desired state. The
 * managed scope spans the project's changesets (and the ref's), so what later versions added is
 * removed; target tables and their rows stay, as for any removal. The journal then forgets the
 * versions above the target; a later `apply` rolls forward again.
 */
export async function runRollback(request: RollbackRequest): Promise<ApplyOutcome> {
  const target = await resolveTarget(request);
  request.onTarget?.(target);
  return runApply({
    ...request,
    kind: 'rollback',
    toVersion: target.version,
    ...(target.changesets ? { changesets: target.changesets } : {}),
  });
}

async function resolveTarget(request: RollbackRequest): Promise<ResolvedRollbackTarget> {
  const own = request.project.changesets;
  const latest = latestVersion(own);
  if (request.to.kind === 'version') {
    const { version } = request.to;
    if (version > latest) {
      throw new ReplctlError(
        `expected a changeset version from 1 to ${latest} to roll back to, but got ${version}`,
      );
    }
    return { label: `version ${version}`, version, differing: [] };
  }
  const { ref } = request.to;
  const atRef = await loadChangesetsAtRef(request.project, ref);
  const version = latestVersion(atRef.changesets);
  if (version === 0) throw new ReplctlError(`expected changesets at git ref ${ref}, but it has none`);
  if (version > latest) {
    throw new ReplctlError(
      `expected git ref ${ref} to have at most the ${latest} changesets the working tree has, but it has ${version}: ` +
        'that is a roll forward; check the ref out and run replctl apply',
    );
  }
  return {
    label: `${ref} (version ${version})`,
    version,
    changesets: atRef.changesets,
    differing: classifyChangesets(atRef.changesets, own).edited,
  };
}
