import type { Plan, Sql, Step, WaitCondition } from '../planner/plan.js';
import { displaySql } from '../planner/sql-text.js';
import { type PlanSummary, summarizePlan } from './plan-summary.js';

/**
 * The documented JSON form of a plan (docs/plan-format.md, schemas/plan.schema.json). It is what
 * `plan --format json` and `plan --out` write, and the model the text and Markdown renderers read,
 * so nothing a human sees is missing from the JSON (Terraform's jsonplan lesson).
 *
 * The header fields are the Plan's. Secrets stay references: `sql` is display text with
 * placeholders, `sqlParts` the structured parts apply resolves. Neither ever holds a secret's value.
 */
export interface PlanDocument extends Omit<Plan, 'steps'> {
  /** Derived from `steps`; informative only, ignored when a saved plan is read back. */
  readonly summary: PlanSummary;
  readonly steps: readonly StepDocument[];
}

/** The fields every step has, as in the Plan; `transactional` is false for every non-SQL step. */
type StepDocumentBase = Pick<
  Step,
  'id' | 'endpoint' | 'action' | 'summary' | 'destructive' | 'reasons' | 'dependsOn' | 'postcondition'
> & { readonly transactional: boolean };

export interface SqlStepDocument extends StepDocumentBase {
  readonly kind: 'sql';
  /** Display text: secrets as `<secret env:NAME>` placeholders. Informative; apply runs `sqlParts`. */
  readonly sql: string;
  readonly sqlParts: Sql;
}

export interface AwsStepDocument extends StepDocumentBase {
  readonly kind: 'aws';
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export interface RestartStepDocument extends StepDocumentBase {
  readonly kind: 'restart';
}

export interface WaitStepDocument extends StepDocumentBase {
  readonly kind: 'wait';
  readonly condition: WaitCondition;
}

export interface ManualStepDocument extends StepDocumentBase {
  readonly kind: 'manual';
  readonly instruction: string;
}

export type StepDocument =
  | SqlStepDocument
  | AwsStepDocument
  | RestartStepDocument
  | WaitStepDocument
  | ManualStepDocument;

function stepDocument(step: Step): StepDocument {
  // Fields in a fixed order, so the same plan always gives the same bytes.
  const base: StepDocumentBase = {
    id: step.id,
    endpoint: step.endpoint,
    action: step.action,
    summary: step.summary,
    destructive: step.destructive,
    transactional: step.transactional,
    reasons: step.reasons,
    dependsOn: step.dependsOn,
    ...(step.postcondition === undefined ? {} : { postcondition: step.postcondition }),
  };
  switch (step.kind) {
    case 'sql':
      return { ...withKind(base, 'sql'), sql: displaySql(step.sql), sqlParts: step.sql };
    case 'aws':
      return { ...withKind(base, 'aws'), operation: step.operation, input: step.input };
    case 'restart':
      return withKind(base, 'restart');
    case 'wait':
      return { ...withKind(base, 'wait'), condition: step.condition };
    case 'manual':
      return { ...withKind(base, 'manual'), instruction: step.instruction };
  }
}

/** Puts `kind` right after `endpoint`, where readers of the JSON look for it. */
function withKind<K extends StepDocument['kind']>(base: StepDocumentBase, kind: K) {
  const { id, endpoint, ...rest } = base;
  return { id, endpoint, kind, ...rest };
}

export function toPlanDocument(plan: Plan): PlanDocument {
  return {
    formatVersion: plan.formatVersion,
    toolVersion: plan.toolVersion,
    environment: plan.environment,
    targetVersion: plan.targetVersion,
    changesetChecksums: plan.changesetChecksums,
    liveFingerprint: plan.liveFingerprint,
    createdAt: plan.createdAt,
    summary: summarizePlan(plan.steps),
    steps: plan.steps.map(stepDocument),
  };
}
