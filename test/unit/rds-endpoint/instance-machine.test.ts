import { describe, expect, it } from 'vitest';
import {
  attachGroup,
  beginRebootApply,
  failApply,
  finishImmediate,
  finishModify,
  finishReboot,
  noteParameterChanges,
  parameterApplyStatus,
  recoverInstance,
  requestReboot,
} from '../../../src/local/rds-endpoint/instance-machine.js';
import { type InstanceRecord, initialState } from '../../../src/local/rds-endpoint/state.js';

const fresh: InstanceRecord = initialState('reporting-replica', 'default.postgres17', new Date(0)).instance;

describe('instance state machine', () => {
  it('starts available and in-sync on the default group', () => {
    expect(fresh).toMatchObject({ status: 'available', parameterGroupName: 'default.postgres17' });
    expect(parameterApplyStatus(fresh)).toBe('in-sync');
  });

  it('attaching a group goes through modifying/applying to available/pending-reboot', () => {
    const modifying = attachGroup(fresh, 'logical');
    expect(modifying.status).toBe('modifying');
    expect(parameterApplyStatus(modifying)).toBe('applying');
    const done = finishModify(modifying);
    expect(done.status).toBe('available');
    expect(parameterApplyStatus(done)).toBe('pending-reboot');
  });

  it('attaching the group already attached changes nothing', () => {
    expect(attachGroup(fresh, 'default.postgres17')).toBe(fresh);
  });

  it('reboots only an available instance', () => {
    expect(() => requestReboot(attachGroup(fresh, 'logical'))).toThrow(
      expect.objectContaining({ code: 'InvalidDBInstanceState' }),
    );
    const rebooting = requestReboot(fresh);
    expect(rebooting.status).toBe('rebooting');
    expect(() => requestReboot(rebooting)).toThrow(/rebooting, not available/);
    expect(() => attachGroup(rebooting, 'x')).toThrow(
      expect.objectContaining({ code: 'InvalidDBInstanceState' }),
    );
  });

  it('a reboot clears pending-reboot and records what was applied', () => {
    const pending = finishModify(attachGroup(fresh, 'logical'));
    const requested = requestReboot(pending);
    expect(parameterApplyStatus(requested)).toBe('pending-reboot');
    const rebooting = beginRebootApply(requested);
    expect(parameterApplyStatus(rebooting)).toBe('applying');
    const done = finishReboot(rebooting, { wal_level: 'logical' });
    expect(done).toMatchObject({ status: 'available', applied: { wal_level: 'logical' } });
    expect(parameterApplyStatus(done)).toBe('in-sync');
  });

  it('a change made during the reboot still waits for the next one', () => {
    const attached = { ...fresh, parameterGroupName: 'logical' };
    const rebooting = beginRebootApply(requestReboot(attached));
    const changed = noteParameterChanges(rebooting, 'logical', [
      { name: 'max_connections', applyMethod: 'pending-reboot' },
    ]);
    expect(parameterApplyStatus(finishReboot(changed, {}))).toBe('pending-reboot');
  });

  it('immediate changes show applying until applied', () => {
    const attached = { ...fresh, parameterGroupName: 'logical' };
    const applying = noteParameterChanges(attached, 'logical', [
      { name: 'work_mem', applyMethod: 'immediate' },
    ]);
    expect(parameterApplyStatus(applying)).toBe('applying');
    const done = finishImmediate(applying, ['work_mem'], { work_mem: '8192' });
    expect(parameterApplyStatus(done)).toBe('in-sync');
    expect(done.applied).toEqual({ work_mem: '8192' });
  });

  it('ignores changes to groups the instance does not use', () => {
    expect(noteParameterChanges(fresh, 'other', [{ name: 'work_mem', applyMethod: 'pending-reboot' }])).toBe(
      fresh,
    );
  });

  it('a refused apply leaves the instance incompatible-parameters, from which it can be fixed', () => {
    const failed = failApply(requestReboot(fresh), { wal_level: 'logical' });
    expect(failed.status).toBe('incompatible-parameters');
    expect(requestReboot(failed).status).toBe('rebooting');
    expect(attachGroup(failed, 'other').status).toBe('modifying');
  });

  it('recovers after a crash: finishes a group change, resumes a reboot and queued immediate changes', () => {
    expect(recoverInstance(attachGroup(fresh, 'logical'))).toMatchObject({
      instance: { status: 'available', pendingReboot: true },
      resumeReboot: false,
    });
    expect(recoverInstance(requestReboot(fresh))).toMatchObject({
      resumeReboot: true,
      resumeImmediate: false,
    });
    const queued = noteParameterChanges(fresh, 'default.postgres17', [
      { name: 'work_mem', applyMethod: 'immediate' },
    ]);
    expect(recoverInstance(queued).resumeImmediate).toBe(true);
  });
});
