import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import type { RdsSender } from './endpoints.js';

/** What apply reads of an instance: its status and each parameter group's apply status. */
export interface InstanceState {
  readonly status: string;
  readonly groups: readonly { readonly name: string; readonly applyStatus: string }[];
}

export async function describeInstance(rds: RdsSender, instance: string): Promise<InstanceState> {
  const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance }));
  const db = out.DBInstances?.find((d) => d.DBInstanceIdentifier?.toLowerCase() === instance.toLowerCase());
  if (!db) throw new Error(`RDS instance ${instance} was not found`);
  return {
    status: db.DBInstanceStatus ?? 'unknown',
    groups: (db.DBParameterGroups ?? []).map((g) => ({
      name: g.DBParameterGroupName ?? '?',
      applyStatus: g.ParameterApplyStatus ?? 'unknown',
    })),
  };
}

export function isInSync(state: InstanceState): boolean {
  return state.status === 'available' && state.groups.every((g) => g.applyStatus === 'in-sync');
}

export function describeState(instance: string, state: InstanceState): string {
  const groups = state.groups.map((g) => `parameter group ${g.name} ${g.applyStatus}`).join(', ');
  return `instance ${instance} ${state.status}${groups ? `, ${groups}` : ''}`;
}
