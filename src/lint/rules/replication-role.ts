import { mentionedTables } from '../../planner/managed-scope.js';
import { canonicalTableOrUndefined } from '../../planner/table-names.js';
import type { LintInput, LintRule, RuleFinding } from '../lint-rule.js';
import { subscribedTables } from '../replicated-tables.js';

/**
 * The role the subscription connects as (replctl.yaml `subscriptionConnection.user`) needs LOGIN and
 * REPLICATION (runbook step 1.4), and SELECT on every table it copies: the initial copy runs as
 * that role. Known only for a role the changesets name (introspection reads no other); the state
 * after the plan counts (attributes and grants the plan gives).
 */
export const replicationRoleAttributes: LintRule = {
  id: 'replication-role-attributes',
  severity: 'error',
  summary: 'the subscription connection role will lack LOGIN or REPLICATION, or will not exist',
  check(input) {
    const role = knownRole(input);
    if (role === undefined || !hasSubscriptions(input)) return [];
    const { name, after } = role;
    if (after === 'missing') {
      return [
        {
          object: name,
          message:
            `The subscriptions connect as role ${name}, which does not exist on the source and no changeset ` +
            'creates: the connection is refused and nothing replicates.',
          fix: `Add it under source.roles (${name}: { login: true, replication: true, password: { env: … } }).`,
        },
      ];
    }
    if (after.superuser) return [];
    const lacking = [...(after.login ? [] : ['LOGIN']), ...(after.replication ? [] : ['REPLICATION'])];
    if (lacking.length === 0) return [];
    return [
      {
        object: name,
        message:
          `The subscriptions connect as role ${name}, which will lack ${lacking.join(' and ')}: the connection ` +
          'is refused ("must be superuser or replication role to start walsender"), and nothing replicates.',
        fix: `Set ${lacking.map((a) => `${a.toLowerCase()}: true`).join(' and ')} under source.roles.${name}.`,
      },
    ];
  },
};

export const replicationRoleSelectMissing: LintRule = {
  id: 'replication-role-select-missing',
  severity: 'warning',
  summary: 'the subscription connection role will not have SELECT on a subscribed table',
  check(input) {
    const role = knownRole(input);
    if (role === undefined || role.after === 'missing' || role.after.superuser) return [];
    const { desired, live, context } = input;
    // After the plan: the desired grants, and the live ones no changeset mentions (the plan revokes
    // those a changeset mentioned and the desired state no longer has).
    const mentioned =
      context.managed === undefined
        ? new Set<string>()
        : mentionedTables(context.managed, ['source', 'grants', role.name, 'select']);
    const granted = new Set<string>([
      ...(live.source.grants[role.name]?.select ?? []).filter((t) => !mentioned.has(t)),
      ...Object.keys(desired.source?.grants?.[role.name]?.select ?? {})
        .map((key) => canonicalTableOrUndefined(key))
        .filter((t): t is string => t !== undefined),
    ]);
    const seen = new Set<string>();
    return subscribedTables(desired, live).flatMap((entry): RuleFinding[] => {
      if (granted.has(entry.table) || seen.has(entry.table) || !entry.copyData) return [];
      seen.add(entry.table);
      return [
        {
          object: entry.table,
          message:
            `Role ${role.name}, which the subscriptions connect as, will not have a direct SELECT grant on ` +
            `${entry.table}: the initial copy of the table fails ("permission denied for table …") and retries ` +
            'forever, unless the role has it through a group or PUBLIC (which lint does not see).',
          fix: `Add ${entry.table}: {} under source.grants.${role.name}.select.`,
        },
      ];
    });
  },
};

type RoleAfterPlan =
  | 'missing'
  | { readonly login: boolean; readonly replication: boolean; readonly superuser: boolean };

/** The connection role once the plan has run, when the changesets name it (else unknown). */
function knownRole(input: LintInput): { readonly name: string; readonly after: RoleAfterPlan } | undefined {
  const { desired, live, context } = input;
  const name = context.connection?.user;
  if (name === undefined) return undefined;
  const wanted = desired.source?.roles?.[name];
  const current = live.source.roles[name];
  const named = wanted !== undefined || desired.source?.grants?.[name] !== undefined;
  if (!named) return undefined;
  if (wanted === undefined && current === undefined) return { name, after: 'missing' };
  return {
    name,
    after: {
      login: wanted?.login ?? current?.login ?? false,
      replication: wanted?.replication ?? current?.replication ?? false,
      superuser: current?.superuser ?? false,
    },
  };
}

function hasSubscriptions({ desired }: LintInput): boolean {
  return Object.keys(desired.target?.subscriptions ?? {}).length > 0;
}
