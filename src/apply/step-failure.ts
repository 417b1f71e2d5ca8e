import { ExitCode, ReplctlError } from '../errors.js';
import { awsAttempts, isTransientAwsError } from './aws-errors.js';
import { isTransientDbError, messageOf } from './failure.js';
import { WaitTimeoutError } from './poll.js';

/** How a run ends when something stops it: the journal outcome, the exit code, the step status. */
export interface Stop {
  readonly outcome: 'failed' | 'stopped';
  readonly exitCode: ExitCode;
  readonly stepStatus: 'failed' | 'stopped';
  readonly message: string;
}

/** A step needs an operator (a manual step, a manual restart): stop, exit 5. */
export class OperatorNeeded extends Error {
  constructor(readonly instruction: string) {
    super(instruction);
    this.name = 'OperatorNeeded';
  }
}

/** Raised once a failing step is journaled; carries how the run ends. */
export class StepFailure extends Error {
  constructor(
    readonly stepId: string,
    readonly stop: Stop,
  ) {
    super(stop.message);
    this.name = 'StepFailure';
  }
}

/**
 * Sorts an error into "fix something, then re-run" (failed, exit 1) and "nothing to fix, re-run to
 * resume" (stopped, exit 5): waits that ran out, endpoints down, throttling that outlasted the SDK's
 * retries, lock timeouts, and steps that need an operator.
 */
export function classifyStop(error: unknown, scrub: (text: string) => string): Stop {
  const message = scrub(messageOf(error));
  if (error instanceof OperatorNeeded) {
    return { outcome: 'stopped', exitCode: ExitCode.stoppedResumable, stepStatus: 'stopped', message };
  }
  if (error instanceof ReplctlError) {
    const stopped = error.exitCode === ExitCode.stoppedResumable;
    return {
      outcome: stopped ? 'stopped' : 'failed',
      exitCode: error.exitCode,
      stepStatus: 'failed',
      message,
    };
  }
  if (isTransientAwsError(error)) {
    const detail = `the RDS API did not answer${awsAttempts(error)}: ${message}`;
    return { outcome: 'stopped', exitCode: ExitCode.stoppedResumable, stepStatus: 'failed', message: detail };
  }
  if (error instanceof WaitTimeoutError || isTransientDbError(error)) {
    return { outcome: 'stopped', exitCode: ExitCode.stoppedResumable, stepStatus: 'failed', message };
  }
  return { outcome: 'failed', exitCode: ExitCode.error, stepStatus: 'failed', message };
}
