/**
 * Changesets (design §2): versioned YAML files, validated with positions, folded with JSON Merge
 * Patch into the DesiredState at any version. Everything here is pure except `load.ts`.
 */
export type { Changeset, ChangesetDocument, FoldedDocument, MergePatchOf } from './changeset.js';
export { CHECKSUM_PREFIX, canonicalJson, changesetChecksum } from './checksum.js';
export { composePatches } from './compose-patches.js';
export { type FoldedState, fold, foldSteps, foldWithOrigins, latestVersion } from './fold.js';
export type { JsonObject, JsonValue } from './json.js';
export { loadChangesets, readChangesetFolder } from './load.js';
export { mergePatch } from './merge-patch.js';
export { diffMergePatch } from './merge-patch-diff.js';
export { SourceMap } from './source-map.js';
export { canonicalTableKey } from './table-keys.js';
export { type ChangesetSource, type ChangesetValidation, validateChangesetSources } from './validate.js';
