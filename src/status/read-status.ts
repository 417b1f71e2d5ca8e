import type { Queryable } from '../introspect/queryable.js';
import { bool, num, optionalNum, optionalText, type Row, text, textArray } from '../introspect/rows.js';
import { PG13 } from '../introspect/server-version.js';
import { SUBSCRIPTION_TABLES_QUERY } from '../introspect/target-queries.js';
import { formatQualifiedName } from '../sql/quote.js';
import {
  SOURCE_STATUS_QUERY,
  slotStatusQuery,
  subscriptionStatusQuery,
  TARGET_STATUS_QUERY,
  WALSENDERS_QUERY,
} from './status-queries.js';
import type { SlotStatus, StatusReport, SubscriptionStatus } from './status-report.js';

export interface StatusSessions {
  readonly source: Queryable;
  /** The target's journal (admin) database. */
  readonly admin: Queryable;
  /** A session on the replicated database; only called when it exists. */
  readonly replicated: () => Promise<Queryable & { end(): Promise<void> }>;
}

export type CatalogStatus = Pick<StatusReport, 'source' | 'target' | 'subscriptions' | 'slots'>;

/**
 * Reads the replication status from both databases: 3 queries on the source, 1 on the target's
 * admin database and 2 on the replicated one, whatever the number of subscriptions and tables.
 */
export async function readCatalogStatus(
  sessions: StatusSessions,
  scope: { readonly database: string; readonly subscriptions: readonly string[] },
): Promise<CatalogStatus> {
  const server = firstRow((await sessions.source.query(SOURCE_STATUS_QUERY)).rows, 'source status');
  const sourceVersion = num(server, 'server_version_num');
  const slots = (await sessions.source.query(slotStatusQuery(sourceVersion))).rows;
  const walsenders = (await sessions.source.query(WALSENDERS_QUERY)).rows;
  const targetServer = firstRow(
    (await sessions.admin.query(TARGET_STATUS_QUERY, [scope.database])).rows,
    'target status',
  );
  const targetVersion = num(targetServer, 'server_version_num');
  const databaseExists = bool(targetServer, 'database_exists');
  let subscriptionRows: readonly Row[] = [];
  let tableRows: readonly Row[] = [];
  if (databaseExists && scope.subscriptions.length > 0) {
    const db = await sessions.replicated();
    try {
      subscriptionRows = (await db.query(subscriptionStatusQuery(targetVersion), [scope.subscriptions])).rows;
      tableRows = (await db.query(SUBSCRIPTION_TABLES_QUERY, [scope.subscriptions])).rows;
    } finally {
      await db.end();
    }
  }
  const slotStatuses = slots.map((row) => parseSlot(row, sourceVersion));
  const subscriptions = scope.subscriptions.map((name) =>
    subscriptionStatus(
      name,
      subscriptionRows.find((r) => text(r, 'name') === name),
      tableRows.filter((r) => text(r, 'subscription') === name),
      slotStatuses,
      walsenders,
    ),
  );
  const owners = new Map(subscriptions.filter((s) => s.slotName !== null).map((s) => [s.slotName!, s.name]));
  return {
    source: {
      serverVersionNum: sourceVersion,
      walLevel: text(server, 'wal_level'),
      currentLsn: text(server, 'current_lsn'),
      pendingRestart: textArray(server, 'pending_restart'),
    },
    target: { serverVersionNum: targetVersion, database: scope.database, databaseExists },
    subscriptions,
    slots: slotStatuses.map((s) => ({ ...s, subscription: owners.get(s.name) ?? null })),
  };
}

function subscriptionStatus(
  name: string,
  row: Row | undefined,
  tables: readonly Row[],
  slots: readonly SlotStatus[],
  walsenders: readonly Row[],
): SubscriptionStatus {
  const slotName = row === undefined ? null : optionalText(row, 'slot_name');
  const slot = slots.find((s) => s.name === slotName);
  // The walsender streaming the slot; else one named after the subscription (an apply worker's).
  const sender =
    walsenders.find((w) => slotName !== null && optionalText(w, 'slot_name') === slotName) ??
    walsenders.find((w) => optionalText(w, 'application_name') === name);
  const pid = row === undefined ? null : optionalNum(row, 'pid');
  return {
    name,
    exists: row !== undefined,
    enabled: row === undefined ? null : bool(row, 'enabled'),
    slotName,
    applyWorker: {
      running: pid !== null,
      pid,
      receivedLsn: row === undefined ? null : optionalText(row, 'received_lsn'),
      latestEndLsn: row === undefined ? null : optionalText(row, 'latest_end_lsn'),
      secondsSinceMessage: row === undefined ? null : optionalNum(row, 'seconds_since_message'),
      syncWorkers: row === undefined ? 0 : num(row, 'sync_workers'),
    },
    walsender:
      sender === undefined
        ? null
        : {
            pid: num(sender, 'pid'),
            state: optionalText(sender, 'state'),
            clientAddress: optionalText(sender, 'client_addr'),
            sentLsn: optionalText(sender, 'sent_lsn'),
            replayLsn: optionalText(sender, 'replay_lsn'),
          },
    lag: {
      bytes: slot?.lagBytes ?? null,
      seconds: sender === undefined ? null : optionalNum(sender, 'replay_lag_seconds'),
    },
    tables: tables.map((r) => ({
      table: formatQualifiedName({ schema: text(r, 'schema'), name: text(r, 'name') }),
      state: text(r, 'state'),
    })),
    counters: row === undefined ? null : counters(row.counters),
  };
}

function parseSlot(row: Row, version: number): SlotStatus {
  return {
    name: text(row, 'name'),
    slotType: text(row, 'slot_type'),
    database: optionalText(row, 'database'),
    active: bool(row, 'active'),
    retainedWalBytes: optionalNum(row, 'retained_wal_bytes'),
    lagBytes: optionalNum(row, 'lag_bytes'),
    confirmedFlushLsn: optionalText(row, 'confirmed_flush_lsn'),
    walStatus: version >= PG13 ? optionalText(row, 'wal_status') : null,
    subscription: null,
  };
}

function counters(value: unknown): Record<string, number> | null {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (parsed === null || parsed === undefined || typeof parsed !== 'object') return null;
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>)
      .filter(([, v]) => v !== null && Number.isFinite(Number(v)))
      .map(([k, v]) => [k, Number(v)]),
  );
}

function firstRow(rows: readonly Row[], what: string): Row {
  const row = rows[0];
  if (row === undefined) throw new Error(`Expected one row from the ${what} query, but got none`);
  return row;
}
