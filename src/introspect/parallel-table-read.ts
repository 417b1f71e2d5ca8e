import type { LiveTable } from '../model/live-state.js';
import type { Queryable, Session } from './queryable.js';
import type { Row } from './rows.js';
import { exportSnapshot, inImportedSnapshot } from './shared-snapshot.js';
import {
  parseTableShare,
  queryTableRows,
  shareTables,
  type TableReadOptions,
  tablesFromShares,
} from './table-catalog.js';

/**
 * Sessions per endpoint that read the table catalog. The table query is most of what a plan at
 * thousands of tables waits for (columns, keys and owned sequences per table: about a second of
 * server time at 10,000); shared between two sessions in one snapshot it takes about half as long
 * on a server with a core to spare, and the number of statements stays the same whatever the
 * number of tables.
 */
export const TABLE_READERS = 2;

/** The table read of one endpoint, shared out: the snapshot's own session reads `own`. */
export interface SharedTableRead {
  readonly own: readonly string[];
  /** The rows of the other shares; a share whose session did not open is read by `finish`. */
  readonly finish: () => Promise<readonly (readonly Row[])[]>;
}

/**
 * Starts reading shares of `tables` on `helpers` (sessions still opening: connecting overlaps the
 * snapshot's first queries) in the snapshot of the transaction open on `db`, which stays open
 * until `finish` returned. A helper that cannot connect (a connection limit, say) costs only
 * time: its share is read on `db`. Helpers are the caller's to end.
 */
export async function startSharedTableRead(
  db: Queryable,
  helpers: readonly Promise<Session>[],
  tables: readonly string[],
  options: TableReadOptions,
): Promise<SharedTableRead> {
  if (helpers.length === 0) return { own: tables, finish: async () => [] };
  const [own = [], ...theirs] = shareTables(tables, helpers.length + 1);
  const snapshot = await exportSnapshot(db);
  const reads = theirs.map(async (share, i) => {
    const session = await helpers[i]!.catch(() => undefined);
    if (session === undefined) return undefined;
    return inImportedSnapshot(session, snapshot, () => queryTableRows(session, share, options));
  });
  // Observed by finish; until then a failure must not surface as an unhandled rejection.
  for (const read of reads) read.catch(() => undefined);
  return {
    own,
    finish: async () => {
      const rows: (readonly Row[])[] = [];
      for (const [i, read] of reads.entries()) {
        rows.push((await read) ?? (await queryTableRows(db, theirs[i]!, options)));
      }
      return rows;
    },
  };
}

/**
 * Reads the snapshot session's own share on `db` (calling `sent` once it is asked for) and
 * gathers the others: the tables of the whole read. Each share is parsed as it arrives, while the
 * servers still work on the rest.
 */
export async function readSharedTables(
  db: Queryable,
  read: SharedTableRead,
  options: TableReadOptions,
  sent: () => void,
): Promise<Record<string, LiveTable>> {
  const own = queryTableRows(db, read.own, options).then(parseTableShare);
  sent();
  const theirs = read.finish().then((reads) => reads.map(parseTableShare));
  const [ownShare, otherShares] = await Promise.all([own, theirs]);
  return tablesFromShares([ownShare, ...otherShares]);
}

/**
 * `helper`, its rejection marked handled: a helper that fails to open is not an error (its share
 * is read on the snapshot's own session) and must not surface as an unhandled rejection.
 */
export function quietly(helper: Promise<Session>): Promise<Session> {
  helper.catch(() => undefined);
  return helper;
}

/** Ends the helper sessions that opened; one that failed to open has nothing to end. */
export async function endHelpers(helpers: readonly Promise<Session>[]): Promise<void> {
  await Promise.all(
    helpers.map((helper) =>
      helper.then(
        (session) => session.end().catch(() => undefined),
        () => undefined,
      ),
    ),
  );
}
