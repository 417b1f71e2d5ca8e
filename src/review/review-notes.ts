import { formatCount } from '../render/count-format.js';
import type { Review } from './prepare-review.js';

/**
 * The sentences both review renderings say, as plain text (the Markdown one escapes them), so the
 * terminal and the pull request tell the same story.
 */

/** `this branch (working tree) adds changeset 5 to origin/main (at version 4)`. */
export function changesetsSentence(review: Review): string {
  const { base, head, changes } = review;
  const at = base.version === 0 ? 'which has no changesets' : `at version ${base.version}`;
  const n = changes.added.length;
  if (n === 0) return `The branch (${head.label}) adds no changeset to ${base.label} (${at}).`;
  const versions = changes.added.map((c) => c.version);
  const which =
    n === 1
      ? `changeset ${versions[0]}`
      : `${formatCount(n)} changesets, versions ${versions[0]} to ${versions.at(-1)}`;
  return `The branch (${head.label}) adds ${which} to ${base.label} (${at}).`;
}

/** `Desired state: origin/main (version 4) → working tree (version 5)`. */
export function diffTitle(review: Review): string {
  return `Desired state: ${review.base.label} (version ${review.base.version}) → ${review.head.label} (version ${review.head.version})`;
}

export function noDiffSentence(): string {
  return 'The folded desired state is the same on both sides.';
}

/** What an offline plan is and is not, in the words a reviewer needs to weigh it. */
export function offlineSentences(review: Review, reason: string): readonly string[] {
  return [
    `OFFLINE PLAN: not made against the live databases. Environment ${review.environment} could not be reached: ${reason}.`,
    `This plan takes the desired state of ${review.base.label} (version ${review.base.version}) as applied and plans ${review.head.label} (version ${review.head.version}) against it, with the same planner as a live plan.`,
    'It cannot show drift, nor what only the servers know: a CREATE TABLE copied from the source lists only the columns a column list names, with <type on the source> for their types; settings no earlier changeset set show as changes; a secret changed behind the same reference does not show. Servers are taken to run PostgreSQL 18 (the target: the parameter group family’s version).',
    'Run replctl plan with the environment’s credentials to see the plan apply will run.',
  ];
}

/** The header of a live plan: where the journal says the environment is. */
export function liveSentence(review: Review, appliedVersion: number | undefined): string {
  const at =
    appliedVersion === undefined
      ? 'nothing applied yet'
      : `the journal says it is at version ${appliedVersion}`;
  return `Live plan against environment ${review.environment} (${at}).`;
}

/** Why an offline review has no lint findings. */
export function offlineLintSentence(): string {
  return 'Lint not run: its rules read the live databases (primary keys, column types, pg_hba, slots), which this offline plan could not reach.';
}
