import type { LintRule } from '../lint-rule.js';
import { sourceTextSettingAfterPlan } from '../settings-after-plan.js';

/**
 * Logical decoding needs wal_level = logical on the source (runbook step 1.1); the changesets
 * usually set it, and the plan restarts the source for it. Reported when, after the plan, it
 * still is not: publications can be created, but no subscription can ever create its slot.
 */
export const walLevelNotLogical: LintRule = {
  id: 'wal-level-not-logical',
  severity: 'error',
  summary: 'wal_level on the source will not be logical, which logical replication needs',
  check({ desired, live }) {
    const uses =
      Object.keys(desired.source?.publications ?? {}).length > 0 ||
      Object.keys(desired.target?.subscriptions ?? {}).length > 0;
    const level = sourceTextSettingAfterPlan(desired, live, 'wal_level');
    if (!uses || level === undefined || level === 'logical') return [];
    return [
      {
        object: 'wal_level',
        message:
          `wal_level on the source is ${level}, and no changeset sets it to logical: subscriptions cannot create ` +
          'their replication slots ("logical decoding requires wal_level >= logical"), so nothing replicates.',
        fix: 'Set source.settings.wal_level: logical (the plan then restarts the source).',
      },
    ];
  },
};
