import { ReplctlError } from '../errors.js';
import type { SettingValue } from '../model/desired-state.js';
import type { LiveRds } from '../model/live-state.js';
import type { ApplyMethod, Change } from './changes.js';
import { type DiffInput, sortedKeys } from './diff-input.js';
import { mentionedKeys } from './managed-scope.js';
import { formatPath } from './paths.js';

/**
 * The RDS parameter group: create it, set the parameters that differ (RDS booleans as 0/1), reset
 * managed ones that left the desired state, attach it to the instance, and reboot when a static
 * parameter changed on the attached group, the group was attached, or RDS already says
 * pending-reboot. Skipped when the environment has no RDS API (no live RDS state).
 */
export function diffRds({ desired, live, context, managed }: DiffInput): Change[] {
  const group = desired.target?.parameterGroup;
  const rds = live.rds;
  if (group === undefined || rds === undefined) return [];
  const instance = context.rdsInstance;
  if (instance !== undefined && rds.instance.identifier !== instance) {
    throw new Error(
      `live RDS state is of instance ${rds.instance.identifier}, the environment names ${instance}`,
    );
  }
  const base = ['target', 'parameterGroup'] as const;
  // RDS keeps parameter group names in lower case.
  const name = group.name.toLowerCase();
  const existing = rds.parameterGroup?.name.toLowerCase() === name ? rds.parameterGroup : undefined;
  if (existing !== undefined && existing.family !== group.family) {
    throw new ReplctlError(
      `${formatPath(...base, 'family')}: parameter group ${group.name} exists with family ${existing.family}, ` +
        `not ${group.family}; a group's family cannot change: name a new group`,
    );
  }
  const attached = rds.instance.parameterGroupName.toLowerCase() === name;
  const applyMethod = (parameter: string): ApplyMethod =>
    attached && applyTypeOf(rds, parameter) === 'dynamic' ? 'immediate' : 'pending-reboot';
  const changes: Change[] = [];

  if (existing === undefined) {
    changes.push({
      kind: 'CreateParameterGroup',
      name: group.name,
      family: group.family,
      description: group.description ?? 'Managed by replctl: logical replication',
      reasons: [formatPath(...base)],
    });
  }

  const wanted = group.parameters ?? {};
  const modify = sortedKeys(wanted)
    .map((parameter) => ({ name: parameter, value: rdsValue(wanted[parameter]!) }))
    .filter((p) => existing?.parameters[p.name]?.value !== p.value)
    .map((p) => ({ ...p, applyMethod: applyMethod(p.name) }));
  if (modify.length > 0) {
    changes.push({
      kind: 'ModifyParameterGroup',
      group: group.name,
      parameters: modify,
      reasons: modify.map((p) => formatPath(...base, 'parameters', p.name)),
    });
  }

  const reset = [...mentionedKeys(managed, [...base, 'parameters'])]
    .sort()
    .filter((parameter) => !(parameter in wanted) && existing?.parameters[parameter]?.source === 'user')
    .map((parameter) => ({ name: parameter, applyMethod: applyMethod(parameter) }));
  if (reset.length > 0) {
    changes.push({
      kind: 'ResetParameters',
      group: group.name,
      parameters: reset,
      reasons: reset.map((p) => formatPath(...base, 'parameters', p.name)),
    });
  }

  if (instance === undefined) return changes;
  if (!attached) {
    changes.push({
      kind: 'AttachParameterGroup',
      instance,
      group: group.name,
      reasons: [formatPath(...base, 'name')],
    });
  }
  const pendingReboot = [...modify, ...reset].filter((p) => p.applyMethod === 'pending-reboot');
  const rebootReasons = [
    ...(attached ? [] : [formatPath(...base, 'name')]),
    ...(attached ? pendingReboot.map((p) => formatPath(...base, 'parameters', p.name)) : []),
  ];
  const rebooting = rds.instance.status === 'rebooting';
  if (!rebooting && (rebootReasons.length > 0 || rds.instance.parameterApplyStatus === 'pending-reboot')) {
    changes.push({
      kind: 'RebootInstance',
      instance,
      reasons: rebootReasons.length > 0 ? rebootReasons : [formatPath(...base)],
    });
  } else if (
    rebooting ||
    modify.length > 0 ||
    reset.length > 0 ||
    rds.instance.status !== 'available' ||
    rds.instance.parameterApplyStatus !== 'in-sync'
  ) {
    // A reboot already under way, or immediate changes being applied: only wait for them.
    changes.push({ kind: 'WaitInstanceInSync', instance, reasons: [formatPath(...base)] });
  }
  return changes;
}

/** RDS takes every value as text; booleans are 0/1 there. */
export function rdsValue(value: SettingValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** ApplyType from the desired group's parameters, else from the engine's (introspection's applyTypes). */
function applyTypeOf(rds: LiveRds, parameter: string): 'static' | 'dynamic' | undefined {
  return rds.parameterGroup?.parameters[parameter]?.applyType ?? rds.applyTypes?.[parameter];
}
