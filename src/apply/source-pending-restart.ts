import type { Queryable } from './db-client.js';

/** Names of the source settings still waiting for a restart (empty when none). */
export async function pendingRestartSettings(db: Queryable): Promise<readonly string[]> {
  const { rows } = await db.query('SELECT name FROM pg_settings WHERE pending_restart ORDER BY name');
  return rows.map((r) => String(r.name));
}
