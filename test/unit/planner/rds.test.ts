import { describe, expect, it } from 'vitest';
import { ReplctlError } from '../../../src/errors.js';
import type { DesiredParameterGroup } from '../../../src/model/desired-state.js';
import type { LiveRds } from '../../../src/model/live-state.js';
import type { Plan } from '../../../src/planner/plan.js';
import { context, ids, liveState, planFor, rds, rdsParameter, stepById } from './builders.js';

const GROUP = 'logical-replication-pg';
const group = (
  parameters: DesiredParameterGroup['parameters'],
  extra: Partial<DesiredParameterGroup> = {},
) => ({
  target: { parameterGroup: { name: GROUP, family: 'postgres16', parameters, ...extra } },
});
const liveGroup = (parameters: NonNullable<LiveRds['parameterGroup']>['parameters']) => ({
  name: GROUP,
  family: 'postgres16',
  description: 'd',
  parameters,
});

/** The AWS calls and waits of a plan: `operation input` or `wait condition`. */
function calls(result: Plan): string[] {
  return result.steps.map((s) => {
    if (s.kind === 'aws') return `${s.operation} ${JSON.stringify(s.input)}`;
    if (s.kind === 'wait') return `wait ${s.condition.kind}`;
    return s.id;
  });
}

describe('RDS parameter group', () => {
  it('creates, sets (booleans as 0/1, all pending-reboot on a new group), attaches, reboots, waits', () => {
    const result = planFor(
      group({ 'rds.logical_replication': true, max_worker_processes: 20 }, { description: 'mine' }),
      liveState({ rds: rds({}) }),
    );
    expect(calls(result)).toEqual([
      'CreateDBParameterGroup {"DBParameterGroupName":"logical-replication-pg","DBParameterGroupFamily":"postgres16","Description":"mine"}',
      'ModifyDBParameterGroup {"DBParameterGroupName":"logical-replication-pg","Parameters":[{"ParameterName":"max_worker_processes","ParameterValue":"20","ApplyMethod":"pending-reboot"},{"ParameterName":"rds.logical_replication","ParameterValue":"1","ApplyMethod":"pending-reboot"}]}',
      'ModifyDBInstance {"DBInstanceIdentifier":"reporting-replica","DBParameterGroupName":"logical-replication-pg","ApplyImmediately":true}',
      'RebootDBInstance {"DBInstanceIdentifier":"reporting-replica"}',
      'wait rds-instance-in-sync',
    ]);
  });

  it('applies a dynamic parameter immediately on the attached group, then waits without a reboot', () => {
    const live = liveState({
      rds: rds({
        attached: GROUP,
        group: liveGroup({ work_mem: rdsParameter('4096', 'dynamic') }),
      }),
    });
    expect(calls(planFor(group({ work_mem: 8192 }), live))).toEqual([
      'ModifyDBParameterGroup {"DBParameterGroupName":"logical-replication-pg","Parameters":[{"ParameterName":"work_mem","ParameterValue":"8192","ApplyMethod":"immediate"}]}',
      'wait rds-instance-in-sync',
    ]);
  });

  it('takes the ApplyType of a parameter the group does not set yet from the engine', () => {
    const live = liveState({
      rds: rds({
        attached: GROUP,
        group: liveGroup({}),
        applyTypes: { work_mem: 'dynamic', shared_buffers: 'static' },
      }),
    });
    const step = stepById(
      planFor(group({ work_mem: 8192, shared_buffers: 16384 }), live),
      `rds.parameter-group.${GROUP}.modify.1`,
    );
    expect(step.kind === 'aws' && step.input.Parameters).toEqual([
      { ParameterName: 'shared_buffers', ParameterValue: '16384', ApplyMethod: 'pending-reboot' },
      { ParameterName: 'work_mem', ParameterValue: '8192', ApplyMethod: 'immediate' },
    ]);
  });

  it('reboots for a static parameter changed on the attached group', () => {
    const live = liveState({
      rds: rds({ attached: GROUP, group: liveGroup({ max_worker_processes: rdsParameter('8', 'static') }) }),
    });
    expect(calls(planFor(group({ max_worker_processes: 20 }), live))).toEqual([
      'ModifyDBParameterGroup {"DBParameterGroupName":"logical-replication-pg","Parameters":[{"ParameterName":"max_worker_processes","ParameterValue":"20","ApplyMethod":"pending-reboot"}]}',
      'RebootDBInstance {"DBInstanceIdentifier":"reporting-replica"}',
      'wait rds-instance-in-sync',
    ]);
  });

  it('splits more than 20 parameters into calls of at most 20', () => {
    const parameters = Object.fromEntries(
      Array.from({ length: 45 }, (_, i) => [`p${String(i).padStart(2, '0')}`, i]),
    );
    const live = liveState({ rds: rds({ attached: GROUP, group: liveGroup({}) }) });
    const result = planFor(group(parameters), live);
    const modifies = result.steps.filter((s) => s.kind === 'aws' && s.operation === 'ModifyDBParameterGroup');
    expect(
      modifies.map((s) => [s.id, s.kind === 'aws' ? (s.input.Parameters as unknown[]).length : 0]),
    ).toEqual([
      [`rds.parameter-group.${GROUP}.modify.1`, 20],
      [`rds.parameter-group.${GROUP}.modify.2`, 20],
      [`rds.parameter-group.${GROUP}.modify.3`, 5],
    ]);
    expect(modifies[2]!.reasons).toEqual(
      ['p40', 'p41', 'p42', 'p43', 'p44'].map((p) => `target.parameterGroup.parameters.${p}`),
    );
  });

  it('the reverse: resets a parameter a changeset removed (and only one a user set)', () => {
    const live = liveState({
      rds: rds({
        attached: GROUP,
        group: liveGroup({
          'rds.logical_replication': rdsParameter('1', 'static'),
          max_worker_processes: rdsParameter('20', 'static'),
          work_mem: { value: '4096', applyType: 'dynamic', source: 'engine-default', isModifiable: true },
          unmanaged: rdsParameter('1', 'dynamic'),
        }),
      }),
    });
    const documents = [
      group({ 'rds.logical_replication': 1, max_worker_processes: 20, work_mem: 4096 }),
      { target: { parameterGroup: { parameters: { max_worker_processes: null, work_mem: null } } } },
    ];
    expect(calls(planFor(group({ 'rds.logical_replication': 1 }), live, { documents }))).toEqual([
      'ResetDBParameterGroup {"DBParameterGroupName":"logical-replication-pg","Parameters":[{"ParameterName":"max_worker_processes","ApplyMethod":"pending-reboot"}]}',
      'RebootDBInstance {"DBInstanceIdentifier":"reporting-replica"}',
      'wait rds-instance-in-sync',
    ]);
  });

  it('reboots an instance RDS reports as pending-reboot', () => {
    const live = liveState({
      rds: rds({
        attached: GROUP,
        applyStatus: 'pending-reboot',
        group: liveGroup({ x: rdsParameter('1', 'static') }),
      }),
    });
    expect(calls(planFor(group({ x: 1 }), live))).toEqual([
      'RebootDBInstance {"DBInstanceIdentifier":"reporting-replica"}',
      'wait rds-instance-in-sync',
    ]);
  });

  it('only waits while a reboot is already under way (resume does not reboot twice)', () => {
    const live = liveState({
      rds: rds({
        attached: GROUP,
        status: 'rebooting',
        applyStatus: 'pending-reboot',
        group: liveGroup({ x: rdsParameter('1', 'static') }),
      }),
    });
    expect(calls(planFor(group({ x: 1 }), live))).toEqual(['wait rds-instance-in-sync']);
  });

  it('plans nothing when the attached group holds every value', () => {
    const live = liveState({
      rds: rds({ attached: GROUP, group: liveGroup({ x: rdsParameter('1', 'static') }) }),
    });
    expect(planFor(group({ x: true }), live).steps).toEqual([]);
  });

  it('matches group names case-insensitively, as RDS stores them lower-case', () => {
    const live = liveState({
      rds: rds({ attached: GROUP, group: liveGroup({ x: rdsParameter('1', 'static') }) }),
    });
    expect(
      planFor(
        {
          target: {
            parameterGroup: { name: 'Logical-Replication-PG', family: 'postgres16', parameters: { x: 1 } },
          },
        },
        live,
      ).steps,
    ).toEqual([]);
  });

  it('creates and sets a group but attaches nothing without an instance', () => {
    const result = planFor(group({ x: 1 }), liveState({ rds: rds({}) }), {
      context: { ...context(), rdsInstance: undefined },
    });
    expect(ids(result)).toEqual([
      `rds.parameter-group.${GROUP}.create`,
      `rds.parameter-group.${GROUP}.modify.1`,
    ]);
  });

  it('leaves RDS alone when the environment has no RDS API', () => {
    expect(planFor(group({ x: 1 }), liveState({})).steps).toEqual([]);
  });

  it('refuses a family change of an existing group', () => {
    const live = liveState({ rds: rds({ group: { ...liveGroup({}), family: 'postgres15' } }) });
    const plan = () => planFor(group({ x: 1 }), live);
    expect(plan).toThrow(ReplctlError);
    expect(plan).toThrow(
      /target\.parameterGroup\.family: parameter group logical-replication-pg exists with family postgres15/,
    );
  });
});
