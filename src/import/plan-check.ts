import type { Changeset } from '../changesets/changeset.js';
import { latestVersion } from '../changesets/fold.js';
import type { ResolvedEnvironment } from '../config/resolve-environment.js';
import { ReplctlError } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import type { PlanContext } from '../planner/context.js';
import { plan } from '../planner/index.js';
import { managedScope } from '../planner/managed-scope.js';
import type { Plan, Step } from '../planner/plan.js';
import { toolVersion } from '../version.js';
import { environmentPlanContext } from '../workflow/plan-context.js';
import type { ImportFinding } from './finding.js';

export interface PlanCheckInput {
  /** The state every changeset, the imported one included, folds to. */
  readonly desired: DesiredState;
  readonly live: LiveState;
  /** Every changeset, the imported one included. */
  readonly changesets: readonly Changeset[];
  readonly environment: ResolvedEnvironment;
  /** As they will be once import recorded its fingerprints (see `plannedSecrets`). */
  readonly secrets: PlanContext['secrets'];
  readonly now: Date;
}

/**
 * The plan `replctl plan` will make right after the import (pure): the same planner, the same
 * live state, the managed scope of every changeset.
 */
export function planAfterImport(input: PlanCheckInput): Plan {
  const { environment } = input;
  const context: PlanContext = {
    ...environmentPlanContext(environment),
    targetVersion: latestVersion(input.changesets),
    changesetChecksums: Object.fromEntries(input.changesets.map((c) => [String(c.version), c.checksum])),
    toolVersion: toolVersion(),
    createdAt: input.now.toISOString(),
    sourceDatabase: input.live.source.database,
    secrets: input.secrets,
  };
  return plan(input.desired, input.live, context, managedScope(input.changesets.map((c) => c.document)));
}

/**
 * Import never writes a changeset whose plan would destroy something: it refuses, naming the
 * steps. Other steps are reported, each with its summary.
 * @throws ReplctlError when a step is destructive.
 */
export function checkPlanSteps(planned: Plan, file: string): ImportFinding[] {
  const destructive = planned.steps.filter((s) => s.destructive);
  if (destructive.length > 0) {
    throw new ReplctlError(
      `refusing to write ${file}: the plan after it would be destructive (${destructive
        .map(describe)
        .join(
          '; ',
        )}); nothing was written. Check the --publication/--subscription selection and the findings above`,
    );
  }
  return planned.steps.map((s) => ({
    kind: 'note' as const,
    object: 'plan',
    message: `will still show ${describe(s)}`,
  }));
}

function describe(step: Step): string {
  return `${step.summary} (${step.reasons.join(', ') || step.id})`;
}
