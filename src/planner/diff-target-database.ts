import type { Change } from './changes.js';
import type { DiffInput } from './diff-input.js';

/** CREATE DATABASE on the target (runs on `target-admin`) when the replicated database is missing. */
export function diffTargetDatabase({ desired, live }: DiffInput): Change[] {
  if (desired.target === undefined || live.target.databaseExists) return [];
  return [
    {
      kind: 'CreateTargetDatabase',
      name: desired.target.database ?? live.target.database,
      reasons: ['target.database'],
    },
  ];
}
