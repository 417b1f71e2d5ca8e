import { type SimpleGit, simpleGit } from 'simple-git';
import { ReplctlError } from '../errors.js';

/** A file as a commit holds it. */
export interface CommittedFile {
  /** The base name, e.g. `0002-add-invoices.yaml`. */
  readonly name: string;
  readonly text: string;
}

/**
 * Reads files as a commit has them, through git itself (simple-git), so no checkout is needed and
 * the working tree is never touched. Paths are relative to `dir` (the project directory, which may
 * lie below the repository's root).
 */
export class GitFiles {
  readonly #git: SimpleGit;

  constructor(readonly dir: string) {
    this.#git = simpleGit({ baseDir: dir });
  }

  /** The full commit id a ref names; a clear error when it names none (CI often fetches one branch). */
  async commitOf(ref: string): Promise<string> {
    if (ref.startsWith('-')) throw new ReplctlError(`expected a git ref, but got "${ref}"`);
    const commit = await this.#git
      .revparse(['--verify', `${ref}^{commit}`])
      .then((out) => out.trim())
      .catch(() => '');
    if (/^[0-9a-f]{40,64}$/.test(commit)) return commit;
    throw new ReplctlError(
      `expected a git ref that names a commit, but "${ref}" names none in the git repository at ${this.dir} ` +
        '(or that is not in a git repository; in CI, fetch the ref: actions/checkout with fetch-depth: 0)',
    );
  }

  /**
   * The files directly in `folder` at `commit` (not in subfolders), sorted by name; undefined when
   * the commit has no such folder (a base that predates replctl).
   */
  async folderAt(commit: string, folder: string): Promise<CommittedFile[] | undefined> {
    const tree = `${commit}:./${folder.replace(/^\.\//, '').replace(/\/+$/, '')}`;
    const type = await this.#git.raw(['cat-file', '-t', tree]).catch(() => undefined);
    if (type?.trim() !== 'tree') return undefined;
    const listing = await this.#git.raw(['ls-tree', '-z', tree]);
    const names = listing
      .split('\0')
      .filter((entry) => entry !== '')
      .flatMap((entry) => {
        // `<mode> <type> <object>\t<name>`
        const tab = entry.indexOf('\t');
        const kind = entry.slice(0, tab).split(' ')[1];
        return kind === 'blob' ? [entry.slice(tab + 1)] : [];
      })
      .sort();
    return Promise.all(
      names.map(async (name) => ({ name, text: await this.#git.show([`${tree}/${name}`]) })),
    );
  }
}
