import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { readCappedText } from '../changesets/read-capped.js';
import type { ChangesetSource } from '../changesets/validate.js';
import { CONFIG_FILE, loadProject, type Project } from '../config/load-project.js';
import { parseConfig } from '../config/parse-config.js';

export interface ImportProject {
  readonly project: Project;
  /** Absolute path of the changesets folder (created when it did not exist). */
  readonly changesetsDir: string;
  /** The texts of the existing changesets, to validate the new one together with them. */
  readonly sources: readonly ChangesetSource[];
}

/**
 * The project import writes into: replctl.yaml and its changesets folder, which a project that
 * has none yet gets (empty), so that the project loads and validates as every command's does.
 */
export async function loadImportProject(projectDir: string): Promise<ImportProject> {
  const dir = resolve(projectDir);
  const configText = await readCappedText(join(dir, CONFIG_FILE)).catch(() => undefined);
  if (configText !== undefined) {
    const parsed = parseConfig(configText, CONFIG_FILE);
    // Only a folder a valid replctl.yaml names (inside the project); loadProject reports the rest.
    if (parsed.loaded !== undefined) await mkdir(join(dir, parsed.changesetsFolder), { recursive: true });
  }
  const project = await loadProject(dir);
  const sources = await Promise.all(
    project.changesets.map(async (c) => ({
      file: c.file,
      name: basename(c.file),
      text: await readFile(c.file, 'utf8'),
    })),
  );
  return { project, changesetsDir: join(dir, project.config.config.changesets), sources };
}
