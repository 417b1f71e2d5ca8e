import type { LiveTable } from '../../model/live-state.js';
import type { LintRule, RuleFinding } from '../lint-rule.js';
import { subscribedTables } from '../replicated-tables.js';

/**
 * A table entering a subscription with copy_data (the default) gets the source's rows copied in:
 * rows already in the target table collide with them — a duplicate key makes the table sync worker
 * fail and retry forever; without a key the rows are doubled.
 */
export const copyDataNonEmptyTarget: LintRule = {
  id: 'copy-data-non-empty-target',
  severity: 'warning',
  summary: 'copy_data would copy into a target table that already holds rows',
  check({ desired, live }) {
    return subscribedTables(desired, live).flatMap((entry): RuleFinding[] => {
      if (!entry.copyData || !entry.enabled) return [];
      const current = live.target.subscriptions[entry.subscription];
      if (current?.tables[entry.table] !== undefined) return [];
      const target = live.target.tables[entry.table];
      if (target === undefined || !holdsRows(target)) return [];
      return [
        {
          object: entry.table,
          message:
            `${entry.table} enters subscription ${entry.subscription} with copy_data = true, but the target table ` +
            `already holds rows${target.estimatedRows > 0 ? ` (about ${Math.round(target.estimatedRows)})` : ''}: ` +
            'the initial copy adds the source rows to them — a duplicate key stops the table sync worker, which ' +
            'retries forever, and without a key rows are doubled.',
          fix:
            'Empty the target table first (TRUNCATE on the target), or, when its rows already equal the source ' +
            "(replctl verify), set the subscription's copy_data: false.",
        },
      ];
    });
  },
};

/** Known to hold rows: not known empty (when read) and, from statistics, not empty. */
function holdsRows(table: LiveTable): boolean {
  if (table.empty !== undefined) return !table.empty;
  return table.estimatedRows > 0;
}
