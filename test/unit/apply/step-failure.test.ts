import { describe, expect, it } from 'vitest';
import { WaitTimeoutError } from '../../../src/apply/poll.js';
import { classifyStop, OperatorNeeded } from '../../../src/apply/step-failure.js';
import { ReplctlError } from '../../../src/errors.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const scrub = (t: string) => t.replaceAll('hunter2', '<redacted>');

describe('classifyStop', () => {
  it.each([
    ['a lock timeout', pgError('55P03', 'canceling statement due to lock timeout')],
    ['a statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a server shutting down', pgError('57P01', 'terminating connection due to administrator command')],
    ['a deadlock', pgError('40P01', 'deadlock detected')],
    ['a wait timeout', new WaitTimeoutError('Timed out')],
  ])('%s is a resumable stop (exit 5)', (_name, error) => {
    expect(classifyStop(error, scrub)).toMatchObject({
      outcome: 'stopped',
      exitCode: 5,
      stepStatus: 'failed',
    });
  });

  it('an operator step stops the step and the run', () => {
    expect(classifyStop(new OperatorNeeded('Edit pg_hba.conf.'), scrub)).toEqual({
      outcome: 'stopped',
      exitCode: 5,
      stepStatus: 'stopped',
      message: 'Edit pg_hba.conf.',
    });
  });

  it('an SQL error is a failure to fix (exit 1), its message redacted with its SQLSTATE', () => {
    expect(classifyStop(pgError('42601', 'syntax error at or near "hunter2"'), scrub)).toEqual({
      outcome: 'failed',
      exitCode: 1,
      stepStatus: 'failed',
      message: 'syntax error at or near "<redacted>" (SQLSTATE 42601)',
    });
  });

  it('a publisher unreachable from CREATE SUBSCRIPTION (08006) is a resumable stop (exit 5)', () => {
    const error = pgError('08006', 'could not connect to the publisher: connection refused');
    expect(classifyStop(error, scrub)).toMatchObject({ outcome: 'stopped', exitCode: 5 });
  });

  it("a publisher's refusal relayed by CREATE SUBSCRIPTION (08P01) is a failure to fix (exit 1)", () => {
    const error = pgError(
      '08P01',
      'could not create replication slot "my_subscription": ERROR:  replication slot "my_subscription" already exists',
    );
    expect(classifyStop(error, scrub)).toMatchObject({
      outcome: 'failed',
      exitCode: 1,
      stepStatus: 'failed',
    });
  });

  it('a publisher connection cut by a restart, relayed by CREATE SUBSCRIPTION (08P01), is a resumable stop (exit 5)', () => {
    const error = pgError(
      '08P01',
      'could not create replication slot "my_subscription": FATAL:  terminating connection due to administrator command\n' +
        'server closed the connection unexpectedly',
    );
    expect(classifyStop(error, scrub)).toMatchObject({ outcome: 'stopped', exitCode: 5 });
  });

  it('a ReplctlError keeps its exit code', () => {
    expect(classifyStop(new ReplctlError('lost the lock', 4), scrub)).toMatchObject({
      outcome: 'failed',
      exitCode: 4,
    });
  });
});
