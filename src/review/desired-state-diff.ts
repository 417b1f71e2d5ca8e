import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { DesiredState } from '../model/desired-state.js';

/** One side of the comparison: a label for the patch header and the folded state (none: no changesets). */
export interface DiffSide {
  readonly label: string;
  readonly version: number;
  readonly state: DesiredState | undefined;
}

/**
 * The unified diff of two folded desired states, as YAML the way `replctl show` prints them (keys
 * in fold order, which both sides share, so only real changes show). Empty when they are equal.
 * Pure.
 */
export function desiredStateDiff(base: DiffSide, head: DiffSide): string {
  const before = yamlOf(base.state);
  const after = yamlOf(head.state);
  if (before === after) return '';
  const patch = createTwoFilesPatch(
    `${base.label} (version ${base.version})`,
    `${head.label} (version ${head.version})`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  // The separator line jsdiff starts with says nothing a reviewer needs.
  return patch.replace(/^=+\n/, '');
}

function yamlOf(state: DesiredState | undefined): string {
  return state === undefined ? '' : stringify(state, { lineWidth: 0 });
}
