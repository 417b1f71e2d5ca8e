import { access } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Changeset } from '../changesets/changeset.js';
import { fold, latestVersion } from '../changesets/fold.js';
import { pointerOf } from '../changesets/json-pointer.js';
import { readChangesetFolder } from '../changesets/load.js';
import { readCappedText } from '../changesets/read-capped.js';
import { type Diagnostic, InputError } from '../errors.js';
import type { LoadedConfig } from './config.js';
import { parseConfig } from './parse-config.js';

export const CONFIG_FILE = 'replctl.yaml';

/** A validated project: its configuration and its changesets. */
export interface Project {
  /** Absolute path of the folder holding replctl.yaml. */
  readonly dir: string;
  readonly config: LoadedConfig;
  /** In version order; versions run 1..N. */
  readonly changesets: readonly Changeset[];
}

/**
 * Reads and validates `replctl.yaml` and every changeset of the project in `projectDir`: what
 * `replctl validate` checks, and what every other command starts from. File names in diagnostics
 * are relative to the working directory when the project lies inside it.
 * @throws InputError with every problem of the project at once.
 */
export async function loadProject(projectDir: string): Promise<Project> {
  const dir = resolve(projectDir);
  const shownDir = displayDir(dir);
  const configFile = join(shownDir, CONFIG_FILE);
  try {
    await access(join(dir, CONFIG_FILE));
  } catch {
    throw new InputError([
      {
        position: undefined,
        code: 'config.missing',
        message: `expected ${CONFIG_FILE} in ${dir} (run replctl in the project's root or pass -C DIR), but there is none`,
      },
    ]);
  }
  const parsed = parseConfig(await readCappedText(join(dir, CONFIG_FILE)), configFile);
  const namedAt = parsed.positions.has('/changesets') ? parsed.positions.value('/changesets') : undefined;
  const folder = await readChangesetFolder(join(shownDir, parsed.changesetsFolder), namedAt);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...folder.diagnostics];
  if (parsed.loaded && diagnostics.length === 0)
    diagnostics.push(...crossDiagnostics(parsed.loaded, folder.changesets));
  if (diagnostics.length > 0 || !parsed.loaded) throw new InputError(diagnostics);
  return { dir, config: parsed.loaded, changesets: folder.changesets };
}

/** Every environment can create the subscriptions the latest changesets ask for. */
function crossDiagnostics(loaded: LoadedConfig, changesets: readonly Changeset[]): Diagnostic[] {
  if (latestVersion(changesets) === 0) return [];
  const subscriptions = Object.keys(fold(changesets).target?.subscriptions ?? {});
  if (subscriptions.length === 0) return [];
  return Object.entries(loaded.config.environments)
    .filter(([, env]) => env.subscriptionConnection === undefined)
    .map(([name]) => ({
      position: loaded.positions.key(pointerOf(['environments', name])),
      code: 'config.subscription-connection',
      message: `expected environment "${name}" to have a subscriptionConnection (host, port, dbname, user, password, sslmode), but it has none, and the changesets define subscription ${subscriptions.join(', ')}`,
    }));
}

/** Short paths for messages: relative to the working directory when inside it. */
function displayDir(dir: string): string {
  const shown = relative(process.cwd(), dir);
  return shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? dir : shown;
}
