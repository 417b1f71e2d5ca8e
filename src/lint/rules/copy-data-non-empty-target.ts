import type { LiveTable } from '../../model/live-state.js';
import type { LintRule, RuleFinding } from '../lint-rule.js';
import { subscribedTables } from '../replicated-tables.js';

/**
 * A table entering a subscription with copy_data (the default) gets the source's rows copied in:
 * rows already in the target table would collide with them (a duplicate key makes the table sync
 * worker retry forever; without a key rows are doubled), so the plan empties such tables first —
 * a destructive TRUNCATE of target rows, which this says before apply.
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
            'copied onto them, the source rows would collide (a duplicate key stops the table sync worker, which ' +
            'retries forever; without a key rows are doubled), so the plan TRUNCATEs the table first — a ' +
            'destructive step that deletes those rows (apply needs --allow-destructive).',
          fix:
            'If the target rows are disposable, apply with --allow-destructive. If they already equal the source ' +
            "(check with replctl verify), set the subscription's copy_data: false instead; if they must be kept, " +
            'move them elsewhere first.',
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
