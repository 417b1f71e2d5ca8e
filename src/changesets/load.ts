import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, type SourcePosition } from '../errors.js';
import type { Changeset } from './changeset.js';
import { looksLikeChangeset } from './changeset.js';
import { readCappedText } from './read-capped.js';
import { type ChangesetValidation, validateChangesetSources } from './validate.js';

/**
 * Reads every changeset file in `dir` (`*.yaml`/`*.yml`, not hidden; other files are ignored) and
 * validates them. With `validateChangesetSources`' data in, this is the folder's only file I/O.
 */
export async function readChangesetFolder(
  dir: string,
  /** Where the folder is named (replctl.yaml's `changesets`), for the error when it is missing. */
  namedAt?: SourcePosition,
): Promise<ChangesetValidation> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && looksLikeChangeset(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(error);
    const message = `expected a changesets folder at ${dir}, but ${reason}`;
    return { changesets: [], diagnostics: [{ position: namedAt, code: 'changeset.folder', message }] };
  }
  const sources = await Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      return { file, name, text: await readCappedText(file) };
    }),
  );
  return validateChangesetSources(sources);
}

/**
 * The validated changesets of `dir`, in version order.
 * @throws InputError with every problem found, each as `file:line:col: expected …, but got …`.
 */
export async function loadChangesets(dir: string): Promise<Changeset[]> {
  const { changesets, diagnostics } = await readChangesetFolder(dir);
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return [...changesets];
}
