import type { Diagnostic } from '../errors.js';
import { changesetFileNumber } from './changeset.js';
import type { SourceMap } from './source-map.js';

/** What the sequence checks need to know of one file. */
export interface SequenceEntry {
  /** The file's base name, e.g. `0002-add-invoices.yaml`. */
  readonly name: string;
  /** The `version` it declares, when it parsed and has one. */
  readonly version: number | undefined;
  readonly positions: SourceMap;
}

/**
 * File names are `NNNN-slug.yaml`, each number is the file's `version`, and the numbers run
 * 1..N with no gap or duplicate (design §2): the fold order must never depend on luck.
 */
export function sequenceDiagnostics(entries: readonly SequenceEntry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byNumber = new Map<number, SequenceEntry[]>();
  for (const entry of entries) {
    const number = changesetFileNumber(entry.name);
    if (number === undefined) {
      out.push({
        position: { file: entry.positions.file, line: 1, column: 1 },
        code: 'changeset.file-name',
        message: `expected a file name NNNN-slug.yaml (a number of at least four digits, a hyphen, a slug of letters, digits, - or _), but got "${entry.name}"`,
      });
      continue;
    }
    byNumber.set(number, [...(byNumber.get(number) ?? []), entry]);
    if (entry.version !== undefined && entry.version !== number) {
      out.push({
        position: entry.positions.value('/version'),
        code: 'changeset.version-mismatch',
        message: `expected version ${number} (the number in the file name ${entry.name}), but got ${entry.version}`,
      });
    }
  }
  for (const [number, group] of byNumber) {
    for (const later of group.slice(1)) {
      out.push({
        position: later.positions.value('/version'),
        code: 'changeset.version-duplicate',
        message: `expected one changeset for version ${number}, but got ${group.length}: ${group.map((e) => e.name).join(', ')}`,
      });
    }
  }
  const numbers = [...byNumber.keys()].filter((n) => n > 0).sort((a, b) => a - b);
  let expected = 1;
  for (const number of numbers) {
    if (number > expected) {
      const next = byNumber.get(number)![0]!;
      const missing = number - 1 === expected ? `${expected}` : `${expected} to ${number - 1}`;
      out.push({
        position: next.positions.value('/version'),
        code: 'changeset.version-gap',
        message: `expected version ${expected} next (versions run from 1 without gaps), but got ${number}: no changeset has version ${missing}`,
      });
    }
    expected = number + 1;
  }
  return out;
}
