import { describe, expect, it } from 'vitest';
import {
  changesetIntegrityError,
  compareChangesetChecksums,
} from '../../../src/apply/changeset-integrity.js';

const at = new Date('2024-05-01T10:00:00Z');
const applied = [
  { version: 1, checksum: 'aaaa', appliedAt: at, runId: 'r1' },
  { version: 2, checksum: 'bbbb', appliedAt: at, runId: 'r2' },
  { version: 3, checksum: 'cccc', appliedAt: at, runId: 'r2' },
];

describe('compareChangesetChecksums', () => {
  it('reports applied versions whose file now has another checksum', () => {
    expect(compareChangesetChecksums(applied, { 1: 'aaaa', 2: 'edited', 3: 'cccc' })).toEqual([
      { version: 2, appliedChecksum: 'bbbb', currentChecksum: 'edited', appliedAt: at, runId: 'r2' },
    ]);
  });

  it('ignores versions the current set does not cover (a rollback plan stops below them)', () => {
    expect(compareChangesetChecksums(applied, { 1: 'aaaa' })).toEqual([]);
  });

  it('explains the refusal and the override', () => {
    const error = changesetIntegrityError('prod', compareChangesetChecksums(applied, { 2: 'edited' }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(
      'changeset 2: applied 2024-05-01T10:00:00.000Z (run r2) with checksum bbbb',
    );
    expect(error.message).toContain('--allow-changed-changesets');
  });
});
