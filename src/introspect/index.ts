import type { RDSClient } from '@aws-sdk/client-rds';
import type { LiveState } from '../model/live-state.js';
import { allSignalled } from './all-signalled.js';
import { countingQueryable, type QueryTally } from './counting-queryable.js';
import { quietly } from './parallel-table-read.js';
import type { Queryable, Session } from './queryable.js';
import { introspectRds } from './rds.js';
import type { IntrospectionScope } from './scope.js';
import { introspectSource } from './source.js';
import { introspectTarget } from './target.js';

export { countingQueryable, type QueryTally } from './counting-queryable.js';
export {
  FINGERPRINT_COMMENT_PREFIX,
  fingerprintComment,
  parseFingerprintComment,
} from './fingerprint-comment.js';
export { endHelpers, quietly, TABLE_READERS } from './parallel-table-read.js';
export type { Queryable, QueryRows, Session } from './queryable.js';
export { ALWAYS_READ_SETTINGS, type IntrospectionScope, scopeOf } from './scope.js';

/** Where introspection reads from. Sessions are the caller's to open and close (but see `connect`). */
export interface IntrospectionEndpoints {
  /** A session on the source database. */
  readonly source: Queryable;
  /**
   * Further sessions on the source database, still opening, each of which reads a share of the
   * table catalog in the source session's snapshot (see TABLE_READERS); the caller's to end.
   */
  readonly sourceHelpers?: readonly Promise<Session>[];
  readonly target: {
    /** A session on the database the target URL names (the admin database, e.g. `postgres`). */
    readonly admin: Queryable;
    /** Opens a session on the replicated database when it is another one; introspection ends it. */
    readonly connect: (database: string) => Promise<Session>;
    /** Further sessions to open there, each reading a share of the table catalog (default 0). */
    readonly helpers?: number;
  };
  /** Absent when the environment has no RDS API configured. */
  readonly rds?: { readonly client: RDSClient; readonly instance: string };
}

export interface IntrospectionOptions {
  /**
   * Work of the caller's for the wait on the table catalog, most of what a plan at thousands of
   * tables waits for: called once, when the snapshot's session of every database endpoint has
   * asked for its share of the table catalog (or the endpoint finished without). It runs on this
   * thread, so it should be short and must not throw.
   */
  readonly whileTablesRead?: () => void;
}

export interface IntrospectionStats {
  /** Statements sent per endpoint (BEGIN and COMMIT included); RDS API calls, pages counted. */
  readonly queries: { readonly source: number; readonly target: number; readonly rds: number };
}

export interface Introspection {
  readonly live: LiveState;
  readonly stats: IntrospectionStats;
}

/**
 * Reads the live state of every endpoint into one LiveState, in a constant number of queries per
 * endpoint whatever the scope's size: source 10 (11 when pg_hba_file_rules is readable), target 2
 * (8 once the replicated database exists), RDS 1–2 calls plus the parameter pages. The endpoints
 * are read concurrently; each endpoint's catalog queries run in one read-only snapshot.
 *
 * @example
 * const { live, stats } = await introspect(
 *   { source, target: { admin, connect: (db) => openSession(targetUrl, db) } },
 *   scopeOf(desired),
 * );
 */
export async function introspect(
  endpoints: IntrospectionEndpoints,
  scope: IntrospectionScope,
  options: IntrospectionOptions = {},
): Promise<Introspection> {
  const source: QueryTally = { count: 0 };
  const target: QueryTally = { count: 0 };
  const rdsEndpoint = endpoints.rds;
  const sourceHelpers = (endpoints.sourceHelpers ?? []).map((helper) =>
    quietly(helper.then((session) => counted(session, source))),
  );
  const [sourceSent, targetSent] = allSignalled(2, options.whileTablesRead) as [() => void, () => void];
  const [liveSource, liveTarget, rds] = await Promise.all([
    introspectSource(countingQueryable(endpoints.source, source), scope, sourceHelpers, sourceSent).finally(
      sourceSent,
    ),
    introspectTarget(
      {
        admin: countingQueryable(endpoints.target.admin, target),
        connect: async (database) => counted(await endpoints.target.connect(database), target),
      },
      scope,
      endpoints.target.helpers ?? 0,
      targetSent,
    ).finally(targetSent),
    rdsEndpoint === undefined
      ? undefined
      : introspectRds(rdsEndpoint.client, {
          instance: rdsEndpoint.instance,
          ...(scope.parameterGroup === undefined ? {} : { parameterGroup: scope.parameterGroup }),
        }),
  ]);
  return {
    live: { source: liveSource, target: liveTarget, ...(rds === undefined ? {} : { rds: rds.live }) },
    stats: { queries: { source: source.count, target: target.count, rds: rds?.calls ?? 0 } },
  };
}

function counted(session: Session, tally: QueryTally): Session {
  return { ...countingQueryable(session, tally), end: () => session.end() };
}
