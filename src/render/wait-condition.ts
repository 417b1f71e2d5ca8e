import type { WaitCondition } from '../planner/plan.js';
import { readableName } from '../planner/readable-name.js';

/** What a wait step waits for, in words (the JSON keeps the structured condition). */
export function describeWaitCondition(condition: WaitCondition): string {
  switch (condition.kind) {
    case 'rds-instance-in-sync':
      return `until RDS instance ${condition.instance} is available with its parameter group in-sync`;
    case 'source-no-pending-restart':
      return 'until the source reports no setting pending a restart (pg_settings.pending_restart)';
    case 'subscription-synced':
      return `until every table of subscription ${readableName(condition.subscription)} is ready (pg_subscription_rel state r)`;
  }
}
