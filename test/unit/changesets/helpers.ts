import type { Changeset, ChangesetDocument } from '../../../src/changesets/changeset.js';
import { changesetChecksum } from '../../../src/changesets/checksum.js';
import type { JsonObject } from '../../../src/changesets/json.js';
import { SourceMap } from '../../../src/changesets/source-map.js';
import { type ChangesetValidation, validateChangesetSources } from '../../../src/changesets/validate.js';

/** Validates changesets given as `{ '0001-initial.yaml': 'version: 1 ...' }`. */
export function validateTexts(files: Readonly<Record<string, string>>): ChangesetValidation {
  return validateChangesetSources(
    Object.entries(files).map(([name, text]) => ({ file: `changesets/${name}`, name, text })),
  );
}

/** A Changeset made straight from data (for property tests that bypass YAML). */
export function changesetOf(version: number, patch: JsonObject): Changeset {
  const document = { ...patch, version, description: `change ${version}` };
  return {
    version,
    description: document.description,
    file: `changesets/${String(version).padStart(4, '0')}-x.yaml`,
    checksum: changesetChecksum(document),
    document: document as unknown as ChangesetDocument,
    positions: new SourceMap(`changesets/${String(version).padStart(4, '0')}-x.yaml`),
  };
}

export function formatted(validation: ChangesetValidation): string[] {
  return validation.diagnostics.map(
    (d) => `${d.position?.file}:${d.position?.line}:${d.position?.column}: ${d.message}`,
  );
}
