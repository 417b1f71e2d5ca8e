import type { Changeset } from '../changesets/changeset.js';
import { fold, latestVersion } from '../changesets/fold.js';
import type { Project } from '../config/load-project.js';
import type { ResolveContext } from '../config/resolve-context.js';
import { selectEnvironment } from '../config/resolve-environment.js';
import type { Plan } from '../planner/plan.js';
import { toolVersion } from '../version.js';
import { environmentAvailability } from '../workflow/environment-availability.js';
import { type PreparedPlan, preparePlan } from '../workflow/prepare-plan.js';
import {
  appendOnlyError,
  type ChangesetChanges,
  classifyChangesets,
  isAppendOnly,
} from './changeset-changes.js';
import { desiredStateDiff } from './desired-state-diff.js';
import { offlinePlan } from './offline-plan.js';
import { loadChangesetsAtRef } from './ref-changesets.js';

export interface ReviewRequest {
  readonly project: Project;
  /** The git ref the branch is compared with: `origin/main`. */
  readonly base: string;
  /** The branch as a git ref; default the working tree. */
  readonly head?: string;
  readonly environment?: string;
  readonly resolveContext: ResolveContext;
  readonly now?: Date;
}

/** One side of the comparison. */
export interface ReviewSide {
  /** The ref as given, or `working tree`. */
  readonly label: string;
  readonly commit?: string;
  readonly changesets: readonly Changeset[];
  /** Its latest version; 0 when it has no changesets. */
  readonly version: number;
}

export type ReviewPlan =
  | { readonly kind: 'live'; readonly prepared: PreparedPlan }
  | {
      readonly kind: 'offline';
      /** The branch planned against the base's desired state as if it were applied. */
      readonly plan: Plan;
      /** Why the environment could not be planned live. */
      readonly reason: string;
    };

/** What a pull request changes, for the review comment (`plan --base`). */
export interface Review {
  readonly environment: string;
  readonly base: ReviewSide;
  readonly head: ReviewSide;
  readonly changes: ChangesetChanges;
  /** Unified diff of the folded desired states, base to head; empty when equal. */
  readonly diff: string;
  readonly plan: ReviewPlan;
}

/**
 * `plan --base REF [--ref HEAD]`: which changesets the branch adds (refusing one that rewrites the
 * base's history), the desired-state diff, and the plan of the branch: against the live environment
 * when its credentials are there, else offline against the base's state.
 * @throws ReplctlError when the branch edits or drops a changeset the base has (exit 1).
 */
export async function prepareReview(request: ReviewRequest): Promise<Review> {
  const { project } = request;
  const environment = selectEnvironment(project.config, request.environment);
  const baseRef = await loadChangesetsAtRef(project, request.base);
  const headRef = request.head === undefined ? undefined : await loadChangesetsAtRef(project, request.head);
  const base = side(request.base, baseRef.changesets, baseRef.commit);
  const head = headRef
    ? side(headRef.ref, headRef.changesets, headRef.commit)
    : side('working tree', project.changesets);
  const changes = classifyChangesets(base.changesets, head.changesets);
  if (!isAppendOnly(changes)) throw appendOnlyError(changes, request.base);
  const diff = desiredStateDiff(
    {
      label: base.label,
      version: base.version,
      state: base.version === 0 ? undefined : fold(base.changesets),
    },
    {
      label: head.label,
      version: head.version,
      state: head.version === 0 ? undefined : fold(head.changesets),
    },
  );
  const availability = await environmentAvailability(project, environment.name, request.resolveContext);
  const now = (request.now ?? new Date()).toISOString();
  const plan: ReviewPlan = availability.available
    ? {
        kind: 'live',
        prepared: await preparePlan({
          project,
          environment: environment.name,
          ...(headRef ? { changesets: headRef.changesets } : {}),
          resolveContext: request.resolveContext,
          ...(request.now ? { now: request.now } : {}),
        }),
      }
    : {
        kind: 'offline',
        reason: availability.reason,
        plan: offlinePlan({
          environment: environment.name,
          config: environment.environment,
          base: base.changesets,
          head: head.changesets,
          toolVersion: toolVersion(),
          createdAt: now,
        }).plan,
      };
  return { environment: environment.name, base, head, changes, diff, plan };
}

function side(label: string, changesets: readonly Changeset[], commit?: string): ReviewSide {
  return { label, changesets, version: latestVersion(changesets), ...(commit ? { commit } : {}) };
}
