import { isTransientAwsError } from './aws-errors.js';
import type { RdsSender } from './endpoints.js';
import { messageOf } from './failure.js';
import { describeInstance, describeState, type InstanceState, isInSync } from './rds-instance.js';
import type { WaitSpec } from './wait-spec.js';

/**
 * `rds-instance-in-sync`: DescribeDBInstances until the instance is `available` and every parameter
 * group is `in-sync` (the SDK's waiter checks only the status, not ParameterApplyStatus).
 */
export function rdsInSync(rds: RdsSender, instance: string): WaitSpec {
  return rdsInstanceWait(
    rds,
    instance,
    `RDS instance ${instance} to be available with its parameters in-sync`,
    isInSync,
  );
}

/** The instance is `available` (parameters may still be pending a reboot). */
export function rdsAvailable(rds: RdsSender, instance: string): WaitSpec {
  return rdsInstanceWait(
    rds,
    instance,
    `RDS instance ${instance} to be available`,
    (s) => s.status === 'available',
  );
}

function rdsInstanceWait(
  rds: RdsSender,
  instance: string,
  what: string,
  done: (state: InstanceState) => boolean,
): WaitSpec {
  return {
    what,
    probe: async () => {
      const state = await describeInstance(rds, instance);
      const status = describeState(instance, state);
      const hint =
        state.status === 'available' && state.groups.some((g) => g.applyStatus === 'pending-reboot')
          ? ' (a reboot is needed to apply the parameters)'
          : '';
      return { done: done(state), status: `${status}${hint}` };
    },
    isTransient: isTransientAwsError,
    describeError: messageOf,
  };
}
