import type { LiveSubscription, LiveTarget } from '../model/live-state.js';
import { formatQualifiedName } from '../sql/quote.js';
import { entryOf } from './entry-of.js';
import { parseFingerprintComment } from './fingerprint-comment.js';
import { endHelpers, quietly, readSharedTables, startSharedTableRead } from './parallel-table-read.js';
import type { Queryable, Session } from './queryable.js';
import { bool, json, num, optionalText, type Row, text, textArray } from './rows.js';
import { ALWAYS_READ_SETTINGS, type IntrospectionScope } from './scope.js';
import { assertSupportedVersion } from './server-version.js';
import { readSettings } from './settings-catalog.js';
import { inSnapshot } from './snapshot.js';
import {
  SCHEMAS_QUERY,
  SUBSCRIPTION_TABLES_QUERY,
  subscriptionsQuery,
  TARGET_SERVER_QUERY,
} from './target-queries.js';

export interface TargetSessions {
  /** A session on the database the target URL names (the admin database, e.g. `postgres`). */
  readonly admin: Queryable;
  /** Opens a session on another database of the target; introspection ends it. */
  readonly connect: (database: string) => Promise<Session>;
}

/**
 * Reads the target: 2 queries on the admin database; when the replicated database exists, 6 more
 * in one read-only snapshot there (on the admin session itself when it is the same database), and
 * with `helperCount` helpers, 1 more to export that snapshot and 3 on each helper session opened
 * there, which reads a share of the table catalog in it meanwhile. `tablesSent` is called once
 * the snapshot's session has asked for its share of the table catalog (a helper asks for its own
 * once open).
 */
export async function introspectTarget(
  sessions: TargetSessions,
  scope: IntrospectionScope,
  helperCount = 0,
  tablesSent: () => void = () => undefined,
): Promise<LiveTarget> {
  const server = (await sessions.admin.query(TARGET_SERVER_QUERY, [scope.targetDatabase ?? null])).rows[0];
  if (!server) throw new Error('Expected one row from the target server query, but got none');
  const version = num(server, 'server_version_num');
  assertSupportedVersion('target', version);
  const database = text(server, 'target_database');
  // Settings come from the parameter group on RDS, never ALTER SYSTEM: no need for pg_file_settings.
  const settings = await readSettings(
    sessions.admin,
    [...ALWAYS_READ_SETTINGS, ...(scope.parameterGroup?.parameters ?? [])],
    { fileSettingsReadable: false },
  );
  const base = { serverVersionNum: version, database, settings };
  if (!bool(server, 'database_exists')) {
    return { ...base, databaseExists: false, schemas: [], tables: {}, subscriptions: {} };
  }
  const readable = textArray(server, 'readable_subscription_columns');
  const helpers = Array.from({ length: helperCount }, () => quietly(sessions.connect(database)));
  try {
    if (database === text(server, 'database')) {
      return {
        ...base,
        ...(await readDatabase(sessions.admin, version, readable, scope, helpers, tablesSent)),
      };
    }
    const session = await sessions.connect(database);
    try {
      return { ...base, ...(await readDatabase(session, version, readable, scope, helpers, tablesSent)) };
    } finally {
      await session.end();
    }
  } finally {
    await endHelpers(helpers);
  }
}

type DatabaseState = Pick<LiveTarget, 'databaseExists' | 'schemas' | 'tables' | 'subscriptions'>;

function readDatabase(
  db: Queryable,
  version: number,
  readableSubscriptionColumns: readonly string[],
  scope: IntrospectionScope,
  helpers: readonly Promise<Session>[],
  tablesSent: () => void,
): Promise<DatabaseState> {
  return inSnapshot(db, async () => {
    const tableRead = await startSharedTableRead(db, helpers, scope.tables, { readEmpty: true });
    const schemas = (await db.query(SCHEMAS_QUERY, [scope.schemas])).rows.map((row) => text(row, 'name'));
    const tables = await readSharedTables(db, tableRead, { readEmpty: true }, tablesSent);
    const subscriptions = (
      await db.query(subscriptionsQuery(version, readableSubscriptionColumns), [scope.subscriptions])
    ).rows;
    const states = (await db.query(SUBSCRIPTION_TABLES_QUERY, [scope.subscriptions])).rows;
    return {
      databaseExists: true,
      schemas,
      tables,
      subscriptions: assembleSubscriptions(subscriptions, states),
    };
  });
}

function assembleSubscriptions(
  subscriptions: readonly Row[],
  states: readonly Row[],
): Record<string, LiveSubscription> {
  const tables = new Map<string, Record<string, { readonly state: string }>>();
  for (const row of states) {
    const key = formatQualifiedName({ schema: text(row, 'schema'), name: text(row, 'name') });
    entryOf(tables, text(row, 'subscription'), () => ({}))[key] = { state: text(row, 'state') };
  }
  return Object.fromEntries(
    subscriptions.map((row): [string, LiveSubscription] => {
      const name = text(row, 'name');
      const fingerprint = parseFingerprintComment(optionalText(row, 'comment'));
      return [
        name,
        {
          enabled: bool(row, 'enabled'),
          publications: textArray(row, 'publications'),
          slotName: optionalText(row, 'slot_name'),
          owner: text(row, 'owner'),
          options: parseOptions(json(row, 'options')),
          ...(fingerprint === undefined ? {} : { connectionFingerprint: fingerprint }),
          tables: tables.get(name) ?? {},
        },
      ];
    }),
  );
}

function parseOptions(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`Expected a JSON object of subscription options, but got: ${JSON.stringify(value)}`);
  }
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
