import { ReplctlError } from '../errors.js';
import type { Queryable } from './db-client.js';
import { type JournalReadOptions, readAppliedChangesets } from './journal-queries.js';
import type { AppliedChangeset } from './journal-records.js';

/** An applied changeset whose file has changed since (Flyway's validate). */
export interface ChangesetMismatch {
  readonly version: number;
  readonly appliedChecksum: string;
  readonly currentChecksum: string;
  readonly appliedAt: Date;
  readonly runId: string;
}

/** Pure: the applied versions whose checksum differs from the current one (versions in both only). */
export function compareChangesetChecksums(
  applied: readonly AppliedChangeset[],
  checksums: Readonly<Record<string, string>>,
): readonly ChangesetMismatch[] {
  return applied.flatMap((a) => {
    const current = checksums[String(a.version)];
    return current === undefined || current === a.checksum
      ? []
      : [
          {
            version: a.version,
            appliedChecksum: a.checksum,
            currentChecksum: current,
            appliedAt: a.appliedAt,
            runId: a.runId,
          },
        ];
  });
}

/** Reads the environment's applied changesets from the journal and compares them to `checksums`. */
export async function checkChangesetIntegrity(
  db: Queryable,
  environment: string,
  checksums: Readonly<Record<string, string>>,
  options: JournalReadOptions = {},
): Promise<readonly ChangesetMismatch[]> {
  return compareChangesetChecksums(await readAppliedChangesets(db, environment, options), checksums);
}

/** The refusal apply throws for mismatches unless overridden (exit 1). */
export function changesetIntegrityError(
  environment: string,
  mismatches: readonly ChangesetMismatch[],
): ReplctlError {
  const lines = mismatches.map(
    (m) =>
      `  - changeset ${m.version}: applied ${m.appliedAt.toISOString()} (run ${m.runId}) with checksum ` +
      `${m.appliedChecksum.slice(0, 12)}, but the file now has ${m.currentChecksum.slice(0, 12)}`,
  );
  return new ReplctlError(
    `Changesets already applied to environment ${environment} have changed since:\n${lines.join('\n')}\n` +
      'Applied changesets should not be edited; add a new changeset instead. ' +
      'To accept the edited files as applied, re-run with the override flag (--allow-changed-changesets).',
  );
}
