import {
  CreateDBParameterGroupCommand,
  DBParameterGroupAlreadyExistsFault,
  DBParameterGroupNotFoundFault,
  DescribeDBInstancesCommand,
  InvalidDBInstanceStateFault,
  RDSServiceException,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { type AwsStepContext, runAwsStep } from '../../../src/apply/aws-step.js';
import type { RdsSender } from '../../../src/apply/endpoints.js';
import { classifyStop } from '../../../src/apply/step-failure.js';
import { awsStep } from '../../support/apply-plans.js';
import { fakeClock } from './fake-clock.js';

type Status = readonly [status: string, applyStatus: string];

/**
 * An RDS API whose DescribeDBInstances answers follow a script (the last answer repeats) and whose
 * other calls run `handlers`; it counts the reboots it was sent.
 */
function fakeRds(statuses: readonly Status[], handlers: Partial<Record<string, () => unknown>> = {}) {
  let described = 0;
  const sent: string[] = [];
  const api = {
    sent,
    send: async (command: object) => {
      const name = command.constructor.name.replace(/Command$/, '');
      sent.push(name);
      if (command instanceof DescribeDBInstancesCommand) {
        const [status, applyStatus] = statuses[Math.min(described++, statuses.length - 1)]!;
        return {
          DBInstances: [
            {
              DBInstanceIdentifier: 'db1',
              DBInstanceStatus: status,
              DBParameterGroups: [{ DBParameterGroupName: 'pg', ParameterApplyStatus: applyStatus }],
            },
          ],
        };
      }
      const handler = handlers[name];
      return handler ? handler() : {};
    },
  };
  return {
    api,
    rds: api as unknown as RdsSender,
    reboots: () => sent.filter((n) => n === 'RebootDBInstance').length,
  };
}

function context(rds: RdsSender, inFlight = false): AwsStepContext {
  return {
    rds,
    inFlight,
    rebootGraceMs: 3000,
    budget: { clock: fakeClock(), timeoutMs: 60_000, intervalMs: 1000, onStatus: () => undefined },
  };
}

const reboot = awsStep('rds.reboot', 'RebootDBInstance', { DBInstanceIdentifier: 'db1' });

describe('RebootDBInstance', () => {
  it('requests the reboot when the instance is available with parameters pending', async () => {
    const fake = fakeRds([['available', 'pending-reboot']]);
    expect(await runAwsStep(reboot, context(fake.rds))).toBe('reboot requested');
    expect(fake.reboots()).toBe(1);
  });

  it('waits for a reboot under way instead of requesting another', async () => {
    const fake = fakeRds([
      ['rebooting', 'pending-reboot'],
      ['rebooting', 'in-sync'],
      ['available', 'in-sync'],
    ]);
    expect(await runAwsStep(reboot, context(fake.rds))).toBe('a reboot was already under way; waited for it');
    expect(fake.reboots()).toBe(0);
  });

  it('waits for a busy instance (modifying) to become available, then reboots', async () => {
    const fake = fakeRds([
      ['modifying', 'applying'],
      ['modifying', 'applying'],
      ['available', 'pending-reboot'],
    ]);
    expect(await runAwsStep(reboot, context(fake.rds))).toBe('reboot requested');
    expect(fake.reboots()).toBe(1);
  });

  it('treats InvalidDBInstanceState as "already rebooting" when the instance turns out to be rebooting', async () => {
    const fake = fakeRds(
      [
        ['available', 'pending-reboot'],
        ['rebooting', 'pending-reboot'],
        ['available', 'in-sync'],
      ],
      {
        RebootDBInstance: () => {
          throw new InvalidDBInstanceStateFault({ message: 'Instance db1 is rebooting', $metadata: {} });
        },
      },
    );
    expect(await runAwsStep(reboot, context(fake.rds))).toBe('a reboot was already under way; waited for it');
    expect(fake.reboots()).toBe(1);
  });

  it('does not repeat a reboot an interrupted run requested that has completed', async () => {
    const fake = fakeRds([['available', 'in-sync']]);
    expect(await runAwsStep(reboot, context(fake.rds, true))).toBe(
      'the reboot an earlier run requested has completed',
    );
    expect(fake.reboots()).toBe(0);
  });

  it('waits for a reboot an interrupted run requested that RDS starts a little later', async () => {
    const fake = fakeRds([
      ['available', 'pending-reboot'],
      ['available', 'pending-reboot'],
      ['rebooting', 'pending-reboot'],
      ['available', 'in-sync'],
    ]);
    expect(await runAwsStep(reboot, context(fake.rds, true))).toBe(
      'the reboot an earlier run requested was under way; waited for it',
    );
    expect(fake.reboots()).toBe(0);
  });

  it('requests the reboot again when an interrupted run’s request never took effect', async () => {
    const fake = fakeRds([['available', 'pending-reboot']]);
    const ctx = context(fake.rds, true);
    expect(await runAwsStep(reboot, ctx)).toBe('reboot requested');
    expect(fake.reboots()).toBe(1);
    // It watched for the whole grace period before deciding.
    expect(fake.api.sent.filter((n) => n === 'DescribeDBInstances').length).toBeGreaterThanOrEqual(4);
  });
});

describe('parameter group create and delete', () => {
  const create = awsStep('rds.group', 'CreateDBParameterGroup', {
    DBParameterGroupName: 'pg',
    DBParameterGroupFamily: 'postgres16',
    Description: 'd',
  });

  it('treats "already exists" with the same family as done (a retried call that had succeeded)', async () => {
    const fake = fakeRds([], {
      CreateDBParameterGroup: () => {
        throw new DBParameterGroupAlreadyExistsFault({ message: 'exists', $metadata: {} });
      },
      DescribeDBParameterGroups: () => ({ DBParameterGroups: [{ DBParameterGroupFamily: 'postgres16' }] }),
    });
    expect(await runAwsStep(create, context(fake.rds))).toBe(
      'parameter group pg already existed with family postgres16',
    );
  });

  it('fails when the existing group has another family', async () => {
    const fake = fakeRds([], {
      CreateDBParameterGroup: () => {
        throw new DBParameterGroupAlreadyExistsFault({ message: 'exists', $metadata: {} });
      },
      DescribeDBParameterGroups: () => ({ DBParameterGroups: [{ DBParameterGroupFamily: 'postgres15' }] }),
    });
    await expect(runAwsStep(create, context(fake.rds))).rejects.toBeInstanceOf(
      DBParameterGroupAlreadyExistsFault,
    );
  });

  it('treats "not found" on delete as done', async () => {
    const fake = fakeRds([], {
      DeleteDBParameterGroup: () => {
        throw new DBParameterGroupNotFoundFault({ message: 'gone', $metadata: {} });
      },
    });
    const drop = awsStep('rds.group.drop', 'DeleteDBParameterGroup', { DBParameterGroupName: 'pg' });
    expect(await runAwsStep(drop, context(fake.rds))).toBe('parameter group pg was already deleted');
    expect(fake.api.sent).toEqual(['DeleteDBParameterGroup']);
  });

  it('sends each operation as its SDK command with the plan input', async () => {
    const seen: object[] = [];
    const rds = { send: async (c: object) => seen.push(c) } as unknown as RdsSender;
    await runAwsStep(create, context(rds));
    expect(seen[0]).toBeInstanceOf(CreateDBParameterGroupCommand);
    expect((seen[0] as CreateDBParameterGroupCommand).input).toEqual(create.input);
  });
});

describe('how AWS failures end a run', () => {
  const scrub = (t: string) => t;

  it('throttling that outlasted the SDK retries is a resumable stop (exit 5)', () => {
    const throttled = new RDSServiceException({
      name: 'Throttling',
      $fault: 'client',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400, attempts: 8 },
    });
    expect(classifyStop(throttled, scrub)).toEqual({
      outcome: 'stopped',
      exitCode: 5,
      stepStatus: 'failed',
      message: 'the RDS API did not answer after 8 attempts: Rate exceeded',
    });
  });

  it('a 5xx is a resumable stop too', () => {
    const down = new RDSServiceException({
      name: 'InternalFailure',
      $fault: 'server',
      message: 'boom',
      $metadata: { httpStatusCode: 500, attempts: 3 },
    });
    expect(classifyStop(down, scrub)).toMatchObject({ outcome: 'stopped', exitCode: 5 });
  });

  it('a refused request is a failure to fix (exit 1)', () => {
    const refused = new RDSServiceException({
      name: 'InvalidParameterValue',
      $fault: 'client',
      message: 'cannot use immediate apply method for static parameter',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(classifyStop(refused, scrub)).toMatchObject({ outcome: 'failed', exitCode: 1 });
  });
});
