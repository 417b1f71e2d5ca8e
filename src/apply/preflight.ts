import { ExitCode, ReplctlError } from '../errors.js';
import { PLAN_FORMAT_VERSION, type Plan, type Step } from '../planner/plan.js';
import { isDatabaseEndpoint } from './apply-units.js';
import { isAwsOperation } from './aws-operations.js';

export interface PreflightOptions {
  readonly allowDestructive: boolean;
  /** Whether the environment has an RDS API client. */
  readonly hasRds: boolean;
}

/**
 * Checks, before apply connects anywhere, that the engine can run every step of the plan and may run
 * its destructive ones. Throws a ReplctlError (exit 1) naming every problem at once.
 */
export function preflight(plan: Plan, options: PreflightOptions): void {
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new ReplctlError(
      `Expected a plan of formatVersion ${PLAN_FORMAT_VERSION}, but got: ${String(plan.formatVersion)}. ` +
        'Make the plan again with this version of replctl.',
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const step of plan.steps) {
    if (seen.has(step.id)) problems.push(`step id ${step.id} appears more than once`);
    seen.add(step.id);
    const problem = stepProblem(step, options.hasRds);
    if (problem) problems.push(`step ${step.id}: ${problem}`);
  }
  if (problems.length > 0) {
    throw new ReplctlError(`The plan cannot be applied:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const destructive = plan.steps.filter((step) => step.destructive);
  if (destructive.length > 0 && !options.allowDestructive) {
    throw new ReplctlError(
      `The plan has ${destructive.length} destructive step(s); nothing was changed. ` +
        'Review them and re-run with --allow-destructive to apply:\n' +
        destructive.map((step) => `  - ${step.id}: ${step.summary}`).join('\n'),
      ExitCode.error,
    );
  }
}

function stepProblem(step: Step, hasRds: boolean): string | undefined {
  switch (step.kind) {
    case 'sql':
      return isDatabaseEndpoint(step.endpoint)
        ? undefined
        : `expected a SQL step on source, target or target-admin, but got endpoint ${step.endpoint}`;
    case 'aws':
      if (step.endpoint !== 'rds') return `expected an AWS step on endpoint rds, but got ${step.endpoint}`;
      if (!isAwsOperation(step.operation)) return `unknown RDS operation ${step.operation}`;
      return hasRds ? undefined : 'the environment has no RDS API configured';
    case 'wait':
      return step.condition.kind === 'rds-instance-in-sync' && !hasRds
        ? 'the environment has no RDS API configured'
        : undefined;
    case 'restart':
    case 'manual':
      return undefined;
  }
}
