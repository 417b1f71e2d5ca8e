import type { Queryable } from './queryable.js';

/**
 * One snapshot per endpoint (design §4): every catalog query of an endpoint sees the same state,
 * so a plan is never made from a half-applied change. Read-only, so it cannot write by mistake.
 */
export const BEGIN_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY';
export const END_SNAPSHOT = 'COMMIT';
export const ABORT_SNAPSHOT = 'ROLLBACK';

/**
 * Runs `read` inside a snapshot on `db`, begun by `begin`. A failure ends the transaction (the
 * original error is the one thrown; a failing ROLLBACK on a broken connection does not hide it).
 */
export async function inSnapshot<T>(
  db: Queryable,
  read: () => Promise<T>,
  begin: string = BEGIN_SNAPSHOT,
): Promise<T> {
  await db.query(begin);
  let result: T;
  try {
    result = await read();
  } catch (error) {
    await db.query(ABORT_SNAPSHOT).catch(() => undefined);
    throw error;
  }
  await db.query(END_SNAPSHOT);
  return result;
}
