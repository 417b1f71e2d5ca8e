import type { Queryable } from './queryable.js';
import { BEGIN_SNAPSHOT, inSnapshot } from './snapshot.js';

/**
 * A snapshot one session exports and others import (`pg_dump --jobs` does the same), so that
 * several sessions of one endpoint read in parallel and still see one state (design §4). The
 * exporting transaction must stay open until every importer has set the snapshot.
 */
export const EXPORT_SNAPSHOT = 'SELECT pg_catalog.pg_export_snapshot() AS snapshot';

/** What pg_export_snapshot returns: hexadecimal groups joined by dashes, e.g. `00000003-0000001B-1`. */
const SNAPSHOT_ID = /^[0-9A-F]+(?:-[0-9A-F]+)+$/i;

/** Exports the snapshot of the transaction open on `db` (a REPEATABLE READ one) and returns its id. */
export async function exportSnapshot(db: Queryable): Promise<string> {
  const id = (await db.query(EXPORT_SNAPSHOT)).rows[0]?.snapshot;
  if (typeof id !== 'string' || !SNAPSHOT_ID.test(id)) {
    throw new Error(`Expected a snapshot id from pg_export_snapshot(), but got: ${JSON.stringify(id)}`);
  }
  return id;
}

/**
 * Runs `read` on `db` inside a read-only transaction that sees exactly the exported snapshot `id`.
 * SET TRANSACTION SNAPSHOT takes no bind parameter, so the id (checked above to be hex and dashes
 * only) is spliced in as a literal, in the same round trip as BEGIN.
 */
export function inImportedSnapshot<T>(db: Queryable, id: string, read: () => Promise<T>): Promise<T> {
  if (!SNAPSHOT_ID.test(id)) throw new Error(`Not a snapshot id: ${JSON.stringify(id)}`);
  return inSnapshot(db, read, `${BEGIN_SNAPSHOT}; SET TRANSACTION SNAPSHOT '${id}'`);
}
