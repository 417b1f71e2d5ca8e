import type { Diagnostic } from '../errors.js';
import type { Changeset, ChangesetDocument } from './changeset.js';
import { changesetChecksum } from './checksum.js';
import { sortDiagnostics } from './diagnostic-order.js';
import { documentDiagnostics } from './document-checks.js';
import { foldSteps, latestVersion } from './fold.js';
import { isJsonObject } from './json.js';
import { parseYaml } from './parse-yaml.js';
import { validateAgainstSchema } from './schema-validator.js';
import { type SequenceEntry, sequenceDiagnostics } from './sequence-checks.js';
import { stateDiagnostics } from './state-checks.js';

/** One changeset file's text, as read by the loader (or written by a test). */
export interface ChangesetSource {
  /** The path shown in diagnostics. */
  readonly file: string;
  /** The base name, which carries the version: `0002-add-invoices.yaml`. */
  readonly name: string;
  readonly text: string;
}

export interface ChangesetValidation {
  /** The files that passed every per-file check, in version order. */
  readonly changesets: readonly Changeset[];
  /** Every problem found, sorted by file, line and column; empty when all is well. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses, schema-validates and checks a set of changeset files, then checks the folded state at
 * every version (each is reachable by `apply --to` and `rollback`). Pure: takes texts, reads nothing.
 * The folded-state checks run only when every file passed its own checks, since a broken patch
 * makes every later state meaningless.
 */
export function validateChangesetSources(sources: readonly ChangesetSource[]): ChangesetValidation {
  const diagnostics: Diagnostic[] = [];
  const changesets: Changeset[] = [];
  const entries: SequenceEntry[] = [];
  for (const source of sources) {
    const parsed = parseYaml(source.text, source.file);
    const version = isJsonObject(parsed.value) ? parsed.value.version : undefined;
    entries.push({
      name: source.name,
      version: typeof version === 'number' ? version : undefined,
      positions: parsed.positions,
    });
    if (parsed.value === undefined || parsed.diagnostics.length > 0) {
      diagnostics.push(...parsed.diagnostics);
      continue;
    }
    const schemaProblems = validateAgainstSchema('changeset', parsed.value, parsed.positions);
    if (schemaProblems.length > 0) {
      diagnostics.push(...schemaProblems);
      continue;
    }
    const document = parsed.value as unknown as ChangesetDocument;
    const problems = documentDiagnostics(parsed.value, parsed.positions, document.version === 1);
    diagnostics.push(...problems);
    if (problems.length > 0) continue;
    const value = parsed.value;
    let checksum: string | undefined;
    changesets.push({
      version: document.version,
      description: document.description,
      file: source.file,
      // Worked out on first use: a plan asks while the servers read the catalog (~30 ms at 10,000 tables).
      get checksum() {
        checksum ??= changesetChecksum(value);
        return checksum;
      },
      document,
      positions: parsed.positions,
    });
  }
  diagnostics.push(...sequenceDiagnostics(entries));
  changesets.sort((a, b) => a.version - b.version);
  if (diagnostics.length === 0) diagnostics.push(...foldedStateDiagnostics(changesets));
  return { changesets, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The state checks at every version. A problem that lasts over several versions is reported once,
 * saying which versions have it when the latest does not.
 */
function foldedStateDiagnostics(changesets: readonly Changeset[]): Diagnostic[] {
  const latest = latestVersion(changesets);
  const found = new Map<string, { diagnostic: Diagnostic; versions: number[] }>();
  for (const step of foldSteps(changesets)) {
    for (const diagnostic of stateDiagnostics(step)) {
      const p = diagnostic.position;
      const key = `${diagnostic.code}|${p?.file}:${p?.line}:${p?.column}|${diagnostic.message}`;
      const entry = found.get(key) ?? { diagnostic, versions: [] };
      entry.versions.push(step.version);
      found.set(key, entry);
    }
  }
  return [...found.values()].map(({ diagnostic, versions }) => {
    if (versions.includes(latest)) return diagnostic;
    const first = versions[0]!;
    const last = versions[versions.length - 1]!;
    const range = first === last ? `version ${first}` : `versions ${first} to ${last}`;
    return {
      ...diagnostic,
      message: `${diagnostic.message} (in the desired state at ${range}; a later changeset fixes it, but apply --to and rollback can reach ${range})`,
    };
  });
}
