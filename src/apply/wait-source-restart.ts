import type { DbClient } from './db-client.js';
import { isConnectionError, messageOf } from './failure.js';
import { pendingRestartSettings } from './source-pending-restart.js';
import type { WaitSpec } from './wait-spec.js';

/**
 * `source-no-pending-restart`: no setting in the source's pg_settings is `pending_restart`. While the
 * server restarts, connecting fails; `connect` is called again on the next probe.
 */
export function sourceNoPendingRestart(
  connect: () => Promise<DbClient>,
  forget: () => Promise<void>,
): WaitSpec {
  return {
    what: 'the source to be up with no setting pending a restart',
    probe: async () => {
      try {
        const names = await pendingRestartSettings(await connect());
        return names.length === 0
          ? { done: true, status: 'source up, no setting pending a restart' }
          : { done: false, status: `source settings pending a restart: ${names.join(', ')}` };
      } catch (error) {
        // The old connection died with the server: reconnect on the next probe.
        if (isConnectionError(error)) await forget();
        throw error;
      }
    },
    isTransient: isConnectionError,
    describeError: messageOf,
  };
}
