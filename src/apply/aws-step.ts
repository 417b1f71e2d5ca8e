import { DescribeDBParameterGroupsCommand, RebootDBInstanceCommand } from '@aws-sdk/client-rds';
import type { AwsStep } from '../planner/plan.js';
import { isAwsError } from './aws-errors.js';
import { awsOperations, isAwsOperation } from './aws-operations.js';
import type { RdsSender } from './endpoints.js';
import { describeInstance, isInSync } from './rds-instance.js';
import { rdsAvailable } from './wait-rds-in-sync.js';
import { type WaitBudget, waitFor } from './wait-spec.js';

export interface AwsStepContext {
  readonly rds: RdsSender;
  /** An earlier run journaled this step's intent and never its end: it may have been sent. */
  readonly inFlight: boolean;
  /** For waiting on an instance that is rebooting or busy. */
  readonly budget: WaitBudget;
  /** How long to watch for a reboot an earlier run may have requested before requesting it again. */
  readonly rebootGraceMs: number;
}

/** Runs an AWS step through the SDK (which retries throttling and 5xx). Returns a note for the journal. */
export async function runAwsStep(step: AwsStep, ctx: AwsStepContext): Promise<string | undefined> {
  if (!isAwsOperation(step.operation)) throw new Error(`unknown RDS operation ${step.operation}`);
  if (step.operation === 'RebootDBInstance')
    return rebootInstance(String(step.input.DBInstanceIdentifier), ctx);
  try {
    await awsOperations[step.operation](ctx.rds, step.input);
    return undefined;
  } catch (error) {
    return alreadyDone(step, error, ctx.rds);
  }
}

/**
 * Creating and deleting a group are not idempotent, yet the SDK may retry one whose first attempt
 * succeeded behind a lost response: "already exists" (same family) and "not found" then mean done.
 */
async function alreadyDone(step: AwsStep, error: unknown, rds: RdsSender): Promise<string> {
  const name = String(step.input.DBParameterGroupName);
  if (step.operation === 'DeleteDBParameterGroup' && isAwsError(error, 'DBParameterGroupNotFound')) {
    return `parameter group ${name} was already deleted`;
  }
  if (step.operation === 'CreateDBParameterGroup' && isAwsError(error, 'DBParameterGroupAlreadyExists')) {
    const out = await rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: name }));
    const family = out.DBParameterGroups?.[0]?.DBParameterGroupFamily;
    if (family !== undefined && family === step.input.DBParameterGroupFamily) {
      return `parameter group ${name} already existed with family ${family}`;
    }
  }
  throw error;
}

/**
 * RebootDBInstance is the one step that must not be repeated blindly: a reboot already underway (the
 * instance is `rebooting`, or an earlier run sent the request) is waited for instead. RDS refuses a
 * reboot while the instance is busy (InvalidDBInstanceState); then apply waits for it and looks again.
 */
async function rebootInstance(instance: string, ctx: AwsStepContext): Promise<string> {
  const { rds, budget } = ctx;
  const deadline = budget.clock.now() + budget.timeoutMs;
  let checkedEarlierRequest = !ctx.inFlight;
  for (;;) {
    const state = await describeInstance(rds, instance);
    if (state.status === 'rebooting') {
      await waitFor(rdsAvailable(rds, instance), budget);
      return 'a reboot was already under way; waited for it';
    }
    if (state.status !== 'available') {
      await waitFor(rdsAvailable(rds, instance), budget);
      continue;
    }
    if (!checkedEarlierRequest) {
      checkedEarlierRequest = true;
      const earlier = isInSync(state) ? 'completed' : await watchEarlierReboot(ctx, instance);
      if (earlier === 'completed') return 'the reboot an earlier run requested has completed';
      if (earlier === 'started') {
        await waitFor(rdsAvailable(rds, instance), budget);
        return 'the reboot an earlier run requested was under way; waited for it';
      }
    }
    try {
      await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: instance }));
      return 'reboot requested';
    } catch (error) {
      // Busy (rebooting, modifying): look again, within the wait budget.
      if (!isAwsError(error, 'InvalidDBInstanceState') || budget.clock.now() >= deadline) throw error;
      await budget.clock.sleep(budget.intervalMs);
    }
  }
}

/** Watches briefly for an earlier run's reboot request to take effect (RDS starts it asynchronously). */
async function watchEarlierReboot(
  ctx: AwsStepContext,
  instance: string,
): Promise<'completed' | 'started' | 'lost'> {
  const { clock, intervalMs } = ctx.budget;
  const until = clock.now() + ctx.rebootGraceMs;
  while (clock.now() < until) {
    await clock.sleep(Math.min(intervalMs, Math.max(until - clock.now(), 0)));
    const state = await describeInstance(ctx.rds, instance);
    if (isInSync(state)) return 'completed';
    if (state.status !== 'available') return 'started';
  }
  return 'lost';
}
