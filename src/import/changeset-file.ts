import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { changesetFileNumber } from '../changesets/changeset.js';
import { ReplctlError } from '../errors.js';

export interface ChangesetFile {
  /** Absolute path. */
  readonly path: string;
  /** As messages show it: relative to the working directory when inside it. */
  readonly shown: string;
  /** The base name, which carries the version. */
  readonly name: string;
}

/**
 * Where import writes changeset `version`: `--out` (relative to the working directory, like plan's
 * `--out`), else `NNNN-imported.yaml` (the first) or `NNNN-imported-drift.yaml` (a patch) in the
 * changesets folder. The name must carry the version, as every changeset's does.
 * @throws ReplctlError for a name of another form or another number.
 */
export function changesetFile(
  out: string | undefined,
  changesetsDir: string,
  version: number,
): ChangesetFile {
  const slug = version === 1 ? 'imported' : 'imported-drift';
  const path =
    out === undefined
      ? join(changesetsDir, `${String(version).padStart(4, '0')}-${slug}.yaml`)
      : resolve(out);
  const name = basename(path);
  if (changesetFileNumber(name) !== version) {
    throw new ReplctlError(
      `expected --out to name a file NNNN-slug.yaml whose number is the version it will hold, ${version} (e.g. ${String(version).padStart(4, '0')}-${slug}.yaml), but got ${name}`,
    );
  }
  return { path, shown: shownPath(path), name };
}

/**
 * The `$schema` of the modeline: the project's own copy of the changeset schema when it has one
 * (as the repository's changesets do), else the one shipped with replctl, relative to the file.
 */
export function schemaPathFor(file: string, projectDir: string): string {
  const own = join(projectDir, 'schemas', 'changeset.schema.json');
  // dist/import/ and src/import/ are both two levels below the package root.
  const shipped = fileURLToPath(new URL('../../schemas/changeset.schema.json', import.meta.url));
  return relative(dirname(file), existsSync(own) ? own : shipped)
    .split(sep)
    .join('/');
}

export function shownPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
