import type { SecretRef } from '../model/secret-ref.js';

/**
 * The plan is data (Terraform's lesson): the planner builds it, renderers and the apply engine
 * read it. Nothing in here does I/O.
 */

/** Where a step runs (design §4). `target-admin` is the target's maintenance DB, for CREATE DATABASE. */
export type Endpoint = 'source' | 'target' | 'target-admin' | 'rds' | 'host';

/** What users see per step, Terraform-style. */
export type Action = '+' | '~' | '-' | 'wait' | 'restart' | 'manual';

/**
 * SQL text with secrets left as references. Apply substitutes them at execution time (a secret as a
 * quoted string literal; a conninfo as one literal whose values are libpq-quoted, the password among
 * them); renderers print placeholders such as `<secret env:REPLICATOR_PASSWORD>`.
 */
export type SqlPart =
  | string
  | { readonly secretLiteral: SecretRef }
  | { readonly conninfoLiteral: Readonly<Record<string, string | SecretRef>> };
export type Sql = readonly SqlPart[];

/** Checked against the catalog after the step (and before it, on resume, to skip finished work). */
export interface Postcondition {
  /** A query returning one row with one boolean column: true when the step's effect is in place. */
  readonly sql: string;
  readonly params?: readonly unknown[];
}

interface StepBase {
  /** Stable across re-plans of the same change, e.g. `source.publication.my_publication.add-tables`. */
  readonly id: string;
  readonly endpoint: Endpoint;
  readonly action: Action;
  /** One line for humans: `ALTER PUBLICATION my_publication ADD TABLE (3 tables)`. */
  readonly summary: string;
  readonly destructive: boolean;
  /** Desired-state paths this step serves (explains; never drives apply). */
  readonly reasons: readonly string[];
  /** Ids of steps that must finish first. */
  readonly dependsOn: readonly string[];
  readonly postcondition?: Postcondition;
}

export interface SqlStep extends StepBase {
  readonly kind: 'sql';
  readonly sql: Sql;
  /** False for statements PostgreSQL refuses in a transaction block (design §5). */
  readonly transactional: boolean;
}

export interface AwsStep extends StepBase {
  readonly kind: 'aws';
  /** RDS API operation name, e.g. `ModifyDBParameterGroup`. */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly transactional: false;
}

export interface RestartStep extends StepBase {
  readonly kind: 'restart';
  /** The environment's restart command (run on `host`), or manual when the environment says so. */
  readonly transactional: false;
}

export type WaitCondition =
  | { readonly kind: 'rds-instance-in-sync'; readonly instance: string }
  | { readonly kind: 'source-no-pending-restart' }
  | { readonly kind: 'subscription-synced'; readonly subscription: string };

export interface WaitStep extends StepBase {
  readonly kind: 'wait';
  readonly condition: WaitCondition;
  readonly transactional: false;
}

export interface ManualStep extends StepBase {
  readonly kind: 'manual';
  /** What the operator must do before re-running apply. */
  readonly instruction: string;
  readonly transactional: false;
}

export type Step = SqlStep | AwsStep | RestartStep | WaitStep | ManualStep;

export const PLAN_FORMAT_VERSION = 1;

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly toolVersion: string;
  readonly environment: string;
  /** The changeset version the plan brings the live state to. */
  readonly targetVersion: number;
  /** sha256 per changeset version 1..targetVersion (see changesets/checksum). */
  readonly changesetChecksums: Readonly<Record<string, string>>;
  /** Hash of the LiveState the plan was made from; a saved plan is refused when it differs. */
  readonly liveFingerprint: string;
  readonly createdAt: string;
  readonly steps: readonly Step[];
}
