import type { SecretRef } from '../../src/model/secret-ref.js';
import {
  type AwsStep,
  PLAN_FORMAT_VERSION,
  type Plan,
  type Postcondition,
  type RestartStep,
  type Sql,
  type SqlStep,
  type Step,
  type WaitCondition,
  type WaitStep,
} from '../../src/planner/plan.js';

/** Hand-built plans for the apply engine's tests (the planner is tested on its own). */
export function testPlan(steps: readonly Step[], overrides: Partial<Plan> = {}): Plan {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: '0.0.0-test',
    environment: 'test',
    targetVersion: 1,
    changesetChecksums: { '1': 'c1' },
    liveFingerprint: 'fp',
    createdAt: '2024-01-01T00:00:00.000Z',
    steps,
    ...overrides,
  };
}

interface SqlOptions {
  readonly transactional?: boolean;
  readonly destructive?: boolean;
  readonly postcondition?: Postcondition;
  readonly dependsOn?: readonly string[];
}

export function sqlStep(
  id: string,
  endpoint: SqlStep['endpoint'],
  sql: string | Sql,
  options: SqlOptions = {},
): SqlStep {
  return {
    id,
    kind: 'sql',
    endpoint,
    action: '+',
    summary: id,
    destructive: options.destructive ?? false,
    reasons: [],
    dependsOn: options.dependsOn ?? [],
    sql: typeof sql === 'string' ? [sql] : sql,
    transactional: options.transactional ?? true,
    ...(options.postcondition ? { postcondition: options.postcondition } : {}),
  };
}

/** A postcondition that holds when the relation exists. */
export function relationExists(name: string): Postcondition {
  return { sql: 'SELECT to_regclass($1) IS NOT NULL', params: [name] };
}

export function secret(env: string): { readonly secretLiteral: SecretRef } {
  return { secretLiteral: { env } };
}

export function awsStep(id: string, operation: string, input: Readonly<Record<string, unknown>>): AwsStep {
  return {
    id,
    kind: 'aws',
    endpoint: 'rds',
    action: '~',
    summary: `${operation}`,
    destructive: false,
    reasons: [],
    dependsOn: [],
    operation,
    input,
    transactional: false,
  };
}

export function waitStep(id: string, condition: WaitCondition): WaitStep {
  return {
    id,
    kind: 'wait',
    endpoint:
      condition.kind === 'rds-instance-in-sync'
        ? 'rds'
        : condition.kind === 'subscription-synced'
          ? 'target'
          : 'source',
    action: 'wait',
    summary: `wait for ${condition.kind}`,
    destructive: false,
    reasons: [],
    dependsOn: [],
    condition,
    transactional: false,
  };
}

export function restartStep(id: string, postcondition?: Postcondition): RestartStep {
  return {
    id,
    kind: 'restart',
    endpoint: 'host',
    action: 'restart',
    summary: 'restart the source',
    destructive: false,
    reasons: [],
    dependsOn: [],
    transactional: false,
    ...(postcondition ? { postcondition } : {}),
  };
}

/** The step, depending on the given earlier steps (as the planner's `dependsOn` would say). */
export function dependingOn<S extends Step>(step: S, ...ids: string[]): S {
  return { ...step, dependsOn: ids };
}
