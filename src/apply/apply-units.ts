import type { SqlStep, Step } from '../planner/plan.js';
import { statementCount } from '../planner/sql-text.js';
import type { DatabaseEndpoint } from './db-client.js';

/**
 * What the engine executes: adjacent transactional SQL steps on one endpoint share a transaction
 * (design §5: one round trip per batch, not per object); every other step runs alone.
 */
export type ApplyUnit =
  | { readonly kind: 'batch'; readonly endpoint: DatabaseEndpoint; readonly steps: readonly SqlStep[] }
  | { readonly kind: 'single'; readonly step: Step };

export function isDatabaseEndpoint(endpoint: string): endpoint is DatabaseEndpoint {
  return endpoint === 'source' || endpoint === 'target' || endpoint === 'target-admin';
}

/**
 * Groups the plan's steps, in plan order, into units. A batch holds at most
 * `maxStatementsPerTransaction` statements (a step larger than that runs alone): one transaction
 * over thousands of CREATE TABLEs would run out of lock table space (max_locks_per_transaction),
 * and resume is driven by the catalog, so smaller commits lose nothing.
 *
 * With `splitDependents` (units may run at once), a step that depends on a step of the open batch
 * starts a new one: otherwise the schemas would share a transaction with the first tables, and
 * every other batch of tables, which needs only the schemas, would wait for those tables too.
 */
export function applyUnits(
  steps: readonly Step[],
  maxStatementsPerTransaction = 1000,
  { splitDependents = false }: { readonly splitDependents?: boolean } = {},
): readonly ApplyUnit[] {
  const units: ApplyUnit[] = [];
  let open:
    | { endpoint: DatabaseEndpoint; steps: SqlStep[]; ids: Set<string>; statements: number }
    | undefined;
  const needsOpen = (step: Step) => splitDependents && step.dependsOn.some((id) => open?.ids.has(id));
  for (const step of steps) {
    if (step.kind === 'sql' && step.transactional && isDatabaseEndpoint(step.endpoint)) {
      const statements = statementCount(step.sql);
      if (
        open?.endpoint !== step.endpoint ||
        open.statements + statements > maxStatementsPerTransaction ||
        needsOpen(step)
      ) {
        open = { endpoint: step.endpoint, steps: [], ids: new Set(), statements: 0 };
        units.push({ kind: 'batch', endpoint: open.endpoint, steps: open.steps });
      }
      open.steps.push(step);
      open.ids.add(step.id);
      open.statements += statements;
    } else {
      open = undefined;
      units.push({ kind: 'single', step });
    }
  }
  return units;
}
