import type { ManagedScope } from '../planner/managed-scope.js';

/**
 * What the linter needs besides the desired and live states: how the target reaches the source
 * (replctl.yaml `subscriptionConnection`, the password left out; absent when the environment has
 * none, and the rules about that connection then stay quiet), and what the changesets manage.
 */
export interface LintContext {
  /**
   * Every key any changeset mentions (`managedScope`): a live member the scope mentions but the
   * desired state lacks is removed by the plan (a revoke). Absent: live members are kept.
   */
  readonly managed?: ManagedScope;
  readonly connection?: {
    readonly host: string;
    readonly port: string;
    readonly dbname: string;
    readonly user: string;
    readonly sslmode?: string;
  };
}
