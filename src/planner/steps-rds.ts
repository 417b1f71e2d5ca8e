import type {
  AttachParameterGroup,
  CreateParameterGroup,
  ModifyParameterGroup,
  RebootInstance,
  ResetParameters,
  WaitInstanceInSync,
} from './changes.js';
import { awsStep, type DraftStep, waitStep } from './draft-step.js';
import { formatPath } from './paths.js';
import { Phase } from './phases.js';
import { Tag } from './step-tags.js';

/** RDS takes at most 20 parameters per ModifyDBParameterGroup / ResetDBParameterGroup call. */
export const RDS_PARAMETERS_PER_CALL = 20;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const groupId = (group: string, verb: string) => formatPath('rds', 'parameter-group', group, verb);
const instanceId = (instance: string, verb: string) => formatPath('rds', 'instance', instance, verb);

export function createParameterGroupSteps(c: CreateParameterGroup): DraftStep[] {
  return [
    awsStep({
      id: groupId(c.name, 'create'),
      action: '+',
      summary: `CreateDBParameterGroup ${c.name} (${c.family})`,
      operation: 'CreateDBParameterGroup',
      input: { DBParameterGroupName: c.name, DBParameterGroupFamily: c.family, Description: c.description },
      reasons: c.reasons,
      phase: Phase.parameterGroup,
      provides: [Tag.parameterGroup(c.name)],
    }),
  ];
}

export function modifyParametersSteps(c: ModifyParameterGroup): DraftStep[] {
  return chunks(c.parameters, RDS_PARAMETERS_PER_CALL).map((chunk, i) =>
    awsStep({
      id: `${groupId(c.group, 'modify')}.${i + 1}`,
      action: '~',
      summary: `ModifyDBParameterGroup ${c.group}: ${chunk.map((p) => `${p.name}=${p.value} (${p.applyMethod})`).join(', ')}`,
      operation: 'ModifyDBParameterGroup',
      input: {
        DBParameterGroupName: c.group,
        Parameters: chunk.map((p) => ({
          ParameterName: p.name,
          ParameterValue: p.value,
          ApplyMethod: p.applyMethod,
        })),
      },
      reasons: c.reasons.slice(i * RDS_PARAMETERS_PER_CALL, (i + 1) * RDS_PARAMETERS_PER_CALL),
      phase: Phase.parameters,
      needs: [Tag.parameterGroup(c.group)],
      provides: [Tag.parameters],
    }),
  );
}

export function resetParametersSteps(c: ResetParameters): DraftStep[] {
  return chunks(c.parameters, RDS_PARAMETERS_PER_CALL).map((chunk, i) =>
    awsStep({
      id: `${groupId(c.group, 'reset')}.${i + 1}`,
      action: '-',
      summary: `ResetDBParameterGroup ${c.group}: ${chunk.map((p) => p.name).join(', ')}`,
      operation: 'ResetDBParameterGroup',
      input: {
        DBParameterGroupName: c.group,
        Parameters: chunk.map((p) => ({ ParameterName: p.name, ApplyMethod: p.applyMethod })),
      },
      reasons: c.reasons.slice(i * RDS_PARAMETERS_PER_CALL, (i + 1) * RDS_PARAMETERS_PER_CALL),
      phase: Phase.parameters,
      needs: [Tag.parameterGroup(c.group)],
      provides: [Tag.parameters],
    }),
  );
}

export function attachGroupSteps(c: AttachParameterGroup): DraftStep[] {
  return [
    awsStep({
      id: instanceId(c.instance, 'attach-parameter-group'),
      action: '~',
      summary: `ModifyDBInstance ${c.instance}: parameter group ${c.group}`,
      operation: 'ModifyDBInstance',
      input: { DBInstanceIdentifier: c.instance, DBParameterGroupName: c.group, ApplyImmediately: true },
      reasons: c.reasons,
      phase: Phase.attachGroup,
      needs: [Tag.parameterGroup(c.group), Tag.parameters],
      provides: [Tag.groupAttached],
    }),
  ];
}

function inSyncWait(instance: string, reasons: readonly string[], needs: readonly string[]): DraftStep {
  return waitStep({
    id: instanceId(instance, 'wait-in-sync'),
    endpoint: 'rds',
    summary: `Wait until RDS instance ${instance} is available with its parameters in-sync`,
    condition: { kind: 'rds-instance-in-sync', instance },
    reasons,
    phase: Phase.rebootWait,
    needs,
    provides: [Tag.targetUp],
  });
}

/** Not repeated on resume: diff plans only the wait while the instance is already rebooting. */
export function rebootSteps(c: RebootInstance): DraftStep[] {
  return [
    awsStep({
      id: instanceId(c.instance, 'reboot'),
      action: 'restart',
      summary: `RebootDBInstance ${c.instance}`,
      operation: 'RebootDBInstance',
      input: { DBInstanceIdentifier: c.instance },
      reasons: c.reasons,
      phase: Phase.reboot,
      needs: [Tag.groupAttached, Tag.parameters],
      provides: [Tag.rebooted],
    }),
    inSyncWait(c.instance, c.reasons, [Tag.rebooted]),
  ];
}

export function waitInSyncSteps(c: WaitInstanceInSync): DraftStep[] {
  return [inSyncWait(c.instance, c.reasons, [Tag.parameters])];
}
