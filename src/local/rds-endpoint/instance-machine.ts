import { RdsApiError } from './errors.js';
import type { ApplyMethod, InstanceRecord, ParameterApplyStatus } from './state.js';

/**
 * The instance's state machine, pure: what RDS shows while a group is attached, changed and
 * applied. Background work (`instance-worker.ts`) drives the transitions that take time.
 */

/**
 * `applying` while a group change, immediate changes or a reboot are under way; `pending-reboot`
 * while changes wait for a reboot (also in the RebootDBInstance answer, before the reboot has read
 * the group); `in-sync` only once the engine runs with the group's values.
 */
export function parameterApplyStatus(i: InstanceRecord): ParameterApplyStatus {
  if (i.status === 'modifying' || i.pendingImmediate.length > 0) return 'applying';
  if (i.pendingReboot) return 'pending-reboot';
  return i.status === 'rebooting' ? 'applying' : 'in-sync';
}

/** RDS accepts changes in `available`, and in `incompatible-parameters` so that users can fix the group. */
function requireChangeable(i: InstanceRecord, what: string): void {
  if (i.status !== 'available' && i.status !== 'incompatible-parameters') {
    throw new RdsApiError(
      'InvalidDBInstanceState',
      `Cannot ${what} DB instance ${i.identifier}: it is ${i.status}, not available`,
    );
  }
}

/** A new group takes effect only at the next reboot, even with ApplyImmediately (as on RDS). */
export function attachGroup(i: InstanceRecord, groupName: string): InstanceRecord {
  requireChangeable(i, 'modify');
  if (groupName === i.parameterGroupName) return i;
  return {
    ...i,
    parameterGroupName: groupName,
    status: 'modifying',
    pendingReboot: true,
    pendingImmediate: [],
  };
}

export function finishModify(i: InstanceRecord): InstanceRecord {
  return i.status === 'modifying' ? { ...i, status: 'available' } : i;
}

export function requestReboot(i: InstanceRecord): InstanceRecord {
  requireChangeable(i, 'reboot');
  return { ...i, status: 'rebooting' };
}

/** The reboot reads the group now: later changes wait for the reboot after. */
export function beginRebootApply(i: InstanceRecord): InstanceRecord {
  return { ...i, pendingReboot: false };
}

export function finishReboot(i: InstanceRecord, applied: Readonly<Record<string, string>>): InstanceRecord {
  return { ...i, status: 'available', applied };
}

/** The engine refused the group's values or did not come back: RDS calls that incompatible-parameters. */
export function failApply(
  i: InstanceRecord,
  applied: Readonly<Record<string, string>>,
  names: readonly string[] = [],
): InstanceRecord {
  return {
    ...i,
    status: 'incompatible-parameters',
    applied,
    pendingImmediate: i.pendingImmediate.filter((n) => !names.includes(n)),
  };
}

export interface ParameterChange {
  readonly name: string;
  readonly applyMethod: ApplyMethod;
}

/** Changes to a group matter to the instance only when it is the attached group. */
export function noteParameterChanges(
  i: InstanceRecord,
  groupName: string,
  changes: readonly ParameterChange[],
): InstanceRecord {
  if (groupName !== i.parameterGroupName || changes.length === 0) return i;
  const immediate = changes.filter((c) => c.applyMethod === 'immediate').map((c) => c.name);
  const pendingImmediate = [...new Set([...i.pendingImmediate, ...immediate])];
  const pendingReboot = i.pendingReboot || changes.some((c) => c.applyMethod === 'pending-reboot');
  return { ...i, pendingImmediate, pendingReboot };
}

export function finishImmediate(
  i: InstanceRecord,
  names: readonly string[],
  applied: Readonly<Record<string, string>>,
): InstanceRecord {
  return { ...i, applied, pendingImmediate: i.pendingImmediate.filter((n) => !names.includes(n)) };
}

export interface Recovery {
  readonly instance: InstanceRecord;
  readonly resumeReboot: boolean;
  readonly resumeImmediate: boolean;
}

/**
 * After the process died: a group change had already been recorded (finish it), a reboot was
 * under way (do it again: ALTER SYSTEM and the restart are idempotent), immediate changes were
 * queued (apply them).
 */
export function recoverInstance(i: InstanceRecord): Recovery {
  return {
    instance: finishModify(i),
    resumeReboot: i.status === 'rebooting',
    resumeImmediate: i.pendingImmediate.length > 0,
  };
}
