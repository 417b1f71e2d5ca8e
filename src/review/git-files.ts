import { type SimpleGit, simpleGit } from 'simple-git';
import { ReplctlError } from '../errors.js';

/** Keeps each command line short, whatever the number of changesets. */
const BLOBS_PER_CALL = 200;

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
   * the commit has no such folder (a base that predates replctl). Two git processes whatever the
   * number of files: one lists the tree with sizes, one prints every blob, cut apart by those sizes.
   */
  async folderAt(commit: string, folder: string): Promise<CommittedFile[] | undefined> {
    const tree = `${commit}:./${folder.replace(/^\.\//, '').replace(/\/+$/, '')}`;
    const listing = await this.#git.raw(['ls-tree', '-z', '-l', tree]).catch(() => undefined);
    if (listing === undefined) return undefined;
    const blobs = listing
      .split('\0')
      .filter((entry) => entry !== '')
      .flatMap((entry) => {
        // `<mode> <type> <object> <size>\t<name>`
        const tab = entry.indexOf('\t');
        const [, kind, object, size] = entry.slice(0, tab).split(/ +/);
        return kind === 'blob' ? [{ name: entry.slice(tab + 1), object: object!, size: Number(size) }] : [];
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const files: CommittedFile[] = [];
    for (let i = 0; i < blobs.length; i += BLOBS_PER_CALL) {
      const chunk = blobs.slice(i, i + BLOBS_PER_CALL);
      const bytes = await this.#git.showBuffer(chunk.map((b) => b.object));
      let offset = 0;
      for (const blob of chunk) {
        files.push({ name: blob.name, text: bytes.subarray(offset, offset + blob.size).toString('utf8') });
        offset += blob.size;
      }
      if (offset !== bytes.length) {
        throw new ReplctlError(`git printed ${bytes.length} bytes for ${tree}, but its files hold ${offset}`);
      }
    }
    return files;
  }
}
