import type { Changeset } from '../changesets/changeset.js';
import { looksLikeChangeset } from '../changesets/changeset.js';
import { validateChangesetSources } from '../changesets/validate.js';
import type { Project } from '../config/load-project.js';
import { InputError } from '../errors.js';
import { GitFiles } from './git-files.js';

/** The changesets as a git ref has them. */
export interface RefChangesets {
  /** As the user wrote it: `origin/main`, `v1.2`. */
  readonly ref: string;
  readonly commit: string;
  /** Validated, in version order; empty when the ref predates the changesets folder. */
  readonly changesets: readonly Changeset[];
}

/**
 * Reads the project's changesets folder (as replctl.yaml names it now) at `ref` with `git show`
 * and validates it like the working tree's: diagnostics name `ref:path`, line and column.
 * @throws InputError when a changeset at the ref is invalid; ReplctlError when the ref is unknown.
 */
export async function loadChangesetsAtRef(project: Project, ref: string): Promise<RefChangesets> {
  const git = new GitFiles(project.dir);
  const commit = await git.commitOf(ref);
  const folder = project.config.config.changesets;
  const files = (await git.folderAt(commit, folder)) ?? [];
  const { changesets, diagnostics } = validateChangesetSources(
    files
      .filter((f) => looksLikeChangeset(f.name))
      .map((f) => ({ file: `${ref}:${folder.replace(/\/+$/, '')}/${f.name}`, name: f.name, text: f.text })),
  );
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return { ref, commit, changesets };
}
