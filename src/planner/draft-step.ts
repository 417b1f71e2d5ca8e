import type { Action, Endpoint, Postcondition, Sql, SqlPart, SqlStep, Step, WaitCondition } from './plan.js';

/**
 * A step before ordering: the step itself (dependsOn still empty), its phase (the default order of
 * design §4) and the dependency tags it provides and needs. `order` links every need to the steps
 * providing it and sorts by dependencies first, phase second.
 */
export interface DraftStep {
  readonly step: Step;
  readonly phase: number;
  readonly provides: readonly string[];
  readonly needs: readonly string[];
}

interface Common {
  readonly id: string;
  readonly endpoint: Endpoint;
  readonly action: Action;
  readonly summary: string;
  readonly destructive?: boolean;
  readonly reasons: readonly string[];
  readonly postcondition?: Postcondition | undefined;
  readonly phase: number;
  readonly provides?: readonly string[];
  readonly needs?: readonly string[];
}

type StepBase = Omit<SqlStep, 'kind' | 'sql' | 'transactional'>;

function base(common: Common): StepBase {
  return {
    id: common.id,
    endpoint: common.endpoint,
    action: common.action,
    summary: common.summary,
    destructive: common.destructive ?? false,
    reasons: common.reasons,
    dependsOn: [],
    ...(common.postcondition === undefined ? {} : { postcondition: common.postcondition }),
  };
}

function draft(common: Common, step: Step): DraftStep {
  return { step, phase: common.phase, provides: common.provides ?? [], needs: common.needs ?? [] };
}

export function sqlStep(common: Common & { readonly sql: Sql; readonly transactional: boolean }): DraftStep {
  return draft(common, {
    ...base(common),
    kind: 'sql',
    sql: common.sql,
    transactional: common.transactional,
  });
}

export function awsStep(
  common: Omit<Common, 'endpoint'> & {
    readonly operation: string;
    readonly input: Readonly<Record<string, unknown>>;
  },
): DraftStep {
  const full: Common = { ...common, endpoint: 'rds' };
  return draft(full, {
    ...base(full),
    kind: 'aws',
    operation: common.operation,
    input: common.input,
    transactional: false,
  });
}

export function waitStep(common: Omit<Common, 'action'> & { readonly condition: WaitCondition }): DraftStep {
  const full: Common = { ...common, action: 'wait' };
  return draft(full, { ...base(full), kind: 'wait', condition: common.condition, transactional: false });
}

export function restartStep(common: Omit<Common, 'action' | 'endpoint'>): DraftStep {
  const full: Common = { ...common, action: 'restart', endpoint: 'host' };
  return draft(full, { ...base(full), kind: 'restart', transactional: false });
}

export function manualStep(common: Omit<Common, 'action'> & { readonly instruction: string }): DraftStep {
  const full: Common = { ...common, action: 'manual' };
  return draft(full, {
    ...base(full),
    kind: 'manual',
    instruction: common.instruction,
    transactional: false,
  });
}

/** The statements of one step, each ended by `;`, one a line; adjacent text joined into one part. */
export function statements(...parts: readonly (Sql | string)[]): Sql {
  const merged: SqlPart[] = [];
  // Joined, not concatenated: a step of a thousand CREATE TABLEs is one flat string, not a rope
  // that every reader of the plan flattens again.
  let text: string[] = [];
  const flush = () => {
    if (text.length > 0) merged.push(text.join(''));
    text = [];
  };
  parts.forEach((statement, i) => {
    if (i > 0) text.push('\n');
    if (typeof statement === 'string') text.push(statement);
    else {
      for (const part of statement) {
        if (typeof part === 'string') text.push(part);
        else {
          flush();
          merged.push(part);
        }
      }
    }
    text.push(';');
  });
  flush();
  return merged;
}
