import type { DbClient } from './db-client.js';
import { isConnectionError, messageOf } from './failure.js';
import type { WaitSpec } from './wait-spec.js';

/**
 * `subscription-synced`: every table of the subscription (in the target database) has reached state
 * `r` (ready) in pg_subscription_rel. Reads only public columns of pg_subscription (subconninfo is
 * not for non-superusers and holds the password).
 */
export function subscriptionSynced(
  connect: () => Promise<DbClient>,
  forget: () => Promise<void>,
  subscription: string,
): WaitSpec {
  return {
    what: `subscription ${subscription} to finish its initial sync (every table ready)`,
    probe: async () => {
      let rows: readonly Record<string, unknown>[];
      try {
        const db = await connect();
        ({ rows } = await db.query(
          `SELECT s.subenabled AS enabled, count(r.srrelid) AS tables,
                  count(r.srrelid) FILTER (WHERE r.srsubstate = 'r') AS ready
             FROM pg_subscription s LEFT JOIN pg_subscription_rel r ON r.srsubid = s.oid
            WHERE s.subname = $1 AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            GROUP BY s.oid, s.subenabled`,
          [subscription],
        ));
      } catch (error) {
        if (isConnectionError(error)) await forget();
        throw error;
      }
      const row = rows[0];
      if (!row) throw new Error(`subscription ${subscription} does not exist in the target database`);
      const tables = Number(row.tables);
      const ready = Number(row.ready);
      const disabled = row.enabled === true ? '' : ' (the subscription is disabled, so it will not sync)';
      return { done: ready === tables, status: `${ready}/${tables} tables ready${disabled}` };
    },
    isTransient: isConnectionError,
    describeError: messageOf,
  };
}
