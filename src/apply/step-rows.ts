import type { Step } from '../planner/plan.js';
import { displaySql } from '../planner/sql-text.js';
import type { SourceRestart } from './endpoints.js';
import type { StepRow } from './journal.js';
import type { StepStatus } from './journal-records.js';

/** What the journal shows a step did: display SQL (placeholders for secrets), the AWS call, the wait. */
export function statementOf(step: Step, restart: SourceRestart): string {
  switch (step.kind) {
    case 'sql':
      return displaySql(step.sql);
    case 'aws':
      return `${step.operation} ${JSON.stringify(step.input)}`;
    case 'wait':
      return `wait ${JSON.stringify(step.condition)}`;
    case 'restart':
      return restart.kind === 'command'
        ? `restart source: ${restart.description}`
        : 'restart source (manual)';
    case 'manual':
      return step.instruction;
  }
}

export interface RowFields {
  readonly status: StepStatus;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  readonly note?: string;
  readonly error?: string;
}

export function stepRow(step: Step, position: number, restart: SourceRestart, fields: RowFields): StepRow {
  return {
    stepId: step.id,
    position,
    kind: step.kind,
    endpoint: step.endpoint,
    summary: step.summary,
    statement: statementOf(step, restart),
    status: fields.status,
    startedAt: fields.startedAt,
    finishedAt: fields.finishedAt ?? null,
    note: fields.note ?? null,
    error: fields.error ?? null,
  };
}

/** A row for a step of this run. */
export function rowFor(
  ctx: {
    readonly positionOf: (step: Step) => number;
    readonly endpoints: { readonly restart: SourceRestart };
  },
  step: Step,
  fields: RowFields,
): StepRow {
  return stepRow(step, ctx.positionOf(step), ctx.endpoints.restart, fields);
}
