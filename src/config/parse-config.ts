import { sortDiagnostics } from '../changesets/diagnostic-order.js';
import { identifierProblem } from '../changesets/identifiers.js';
import { isJsonObject, type JsonValue } from '../changesets/json.js';
import { pointerOf } from '../changesets/json-pointer.js';
import { parseYaml } from '../changesets/parse-yaml.js';
import { projectPathProblem } from '../changesets/project-path.js';
import { validateAgainstSchema } from '../changesets/schema-validator.js';
import type { SourceMap } from '../changesets/source-map.js';
import { matchPath } from '../changesets/walk.js';
import type { Diagnostic } from '../errors.js';
import type { EnvironmentConfig, LoadedConfig, ReplctlConfig, RestartConfig } from './config.js';
import { literalUrlProblem } from './url-literal.js';

export const DEFAULT_CHANGESETS_FOLDER = 'changesets';
export const DEFAULT_JOURNAL_SCHEMA = 'replctl';

export interface ParsedConfig {
  /** Undefined when the file has any problem. */
  readonly loaded: LoadedConfig | undefined;
  /** The changesets folder to read, even when the rest of the file is broken, so all errors show. */
  readonly changesetsFolder: string;
  /** Where the file's values are, even when it has problems. */
  readonly positions: SourceMap;
  readonly diagnostics: readonly Diagnostic[];
}

/** Where replctl.yaml may hold `{ file: PATH }` references. */
const FILE_REF_PLACES: readonly (readonly string[])[] = [
  ['environments', '*', 'source', 'url', 'file'],
  ['environments', '*', 'target', 'url', 'file'],
  ['environments', '*', 'target', 'rds', '*', 'file'],
  ['environments', '*', 'subscriptionConnection', '*', 'file'],
];

/** Parses and checks `replctl.yaml` (design §3). Pure: takes the text, reads nothing. */
export function parseConfig(text: string, file: string): ParsedConfig {
  const parsed = parseYaml(text, file);
  const { value, positions } = parsed;
  const folder =
    isJsonObject(value) && typeof value.changesets === 'string'
      ? value.changesets
      : DEFAULT_CHANGESETS_FOLDER;
  if (value === undefined || parsed.diagnostics.length > 0) {
    return { loaded: undefined, changesetsFolder: folder, positions, diagnostics: parsed.diagnostics };
  }
  const diagnostics = validateAgainstSchema('config', value, positions);
  if (diagnostics.length > 0)
    return {
      loaded: undefined,
      changesetsFolder: folder,
      positions,
      diagnostics: sortDiagnostics(diagnostics),
    };

  const folderProblem = projectPathProblem(folder);
  if (folderProblem)
    diagnostics.push({
      position: positions.value('/changesets'),
      code: 'config.path',
      message: folderProblem,
    });
  for (const path of FILE_REF_PLACES) {
    for (const match of matchPath(value, path)) {
      const problem = typeof match.value === 'string' ? projectPathProblem(match.value) : undefined;
      if (problem)
        diagnostics.push({
          position: positions.value(match.pointer),
          code: 'secret.file-path',
          message: problem,
        });
    }
  }
  for (const match of matchPath(value, ['environments', '*']))
    diagnostics.push(...environmentDiagnostics(match.key, match.value, positions));
  if (diagnostics.length > 0)
    return {
      loaded: undefined,
      changesetsFolder: folder,
      positions,
      diagnostics: sortDiagnostics(diagnostics),
    };
  return {
    loaded: { file, config: toConfig(value), positions },
    changesetsFolder: folder,
    positions,
    diagnostics,
  };
}

function environmentDiagnostics(
  name: string,
  env: JsonValue,
  positions: LoadedConfig['positions'],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const urls = (['source', 'target'] as const).map((side) => matchPath(env, [side, 'url'])[0]?.value);
  (['source', 'target'] as const).forEach((side, i) => {
    const url = urls[i];
    const problem = typeof url === 'string' ? literalUrlProblem(url) : undefined;
    if (problem) {
      out.push({
        position: positions.value(pointerOf(['environments', name, side, 'url'])),
        code: 'config.url',
        message: problem,
      });
    }
  });
  if (urls.every((url) => url === undefined)) {
    out.push({
      position: positions.key(pointerOf(['environments', name])),
      code: 'config.url',
      message: `expected a url for the source or the target of environment "${name}", but got neither: both would use the same PG* variables and reach the same server`,
    });
  }
  const journal = matchPath(env, ['target', 'journalSchema'])[0];
  const journalProblem = typeof journal?.value === 'string' ? identifierProblem(journal.value) : undefined;
  if (journalProblem) {
    out.push({
      position: positions.value(pointerOf(['environments', name, 'target', 'journalSchema'])),
      code: 'name.invalid',
      message: journalProblem,
    });
  }
  return out;
}

/** The schema-valid document as typed configuration, defaults filled in. */
function toConfig(value: JsonValue): ReplctlConfig {
  const raw = value as unknown as RawConfig;
  const environments = Object.entries(raw.environments).map(([name, env]): [string, EnvironmentConfig] => {
    const restart: RestartConfig =
      env.source.restart === undefined || env.source.restart === 'manual'
        ? { kind: 'manual' }
        : { kind: 'command', command: env.source.restart.command };
    return [
      name,
      {
        source: { ...env.source, restart },
        target: { ...env.target, journalSchema: env.target.journalSchema ?? DEFAULT_JOURNAL_SCHEMA },
        ...(env.subscriptionConnection ? { subscriptionConnection: env.subscriptionConnection } : {}),
      },
    ];
  });
  return {
    changesets: raw.changesets ?? DEFAULT_CHANGESETS_FOLDER,
    environments: Object.fromEntries(environments),
  };
}

/** replctl.yaml as written (the schema guarantees this shape). */
interface RawConfig {
  readonly changesets?: string;
  readonly environments: Readonly<Record<string, RawEnvironment>>;
}

interface RawEnvironment {
  readonly subscriptionConnection?: EnvironmentConfig['subscriptionConnection'];
  readonly source: Omit<EnvironmentConfig['source'], 'restart'> & {
    readonly restart?: 'manual' | { readonly command: string };
  };
  readonly target: Omit<EnvironmentConfig['target'], 'journalSchema'> & { readonly journalSchema?: string };
}
