import type { Queryable } from '../introspect/queryable.js';
import { lsnReached } from '../status/lsn.js';
import { type CatalogStatus, readCatalogStatus } from '../status/read-status.js';

/** Where the subscriptions stood when verify stopped waiting for them. */
export interface CatchUp {
  /** The source's WAL position verify waited for (pg_current_wal_lsn when it started). */
  readonly lsn: string;
  readonly caughtUp: boolean;
  readonly waitedMs: number;
  /** Per subscription that had not caught up: why. */
  readonly behind: readonly { readonly subscription: string; readonly reason: string }[];
}

export interface CatchUpOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * Waits until every subscription has confirmed the source's current WAL position (its slot's
 * confirmed_flush_lsn, or its walsender's replay_lsn, at or past it) and every table of it is
 * ready (pg_subscription_rel state r), or `timeoutMs` passes. A disabled or missing subscription
 * cannot catch up: verify stops waiting for it at once.
 */
export async function waitForCatchUp(
  sessions: { readonly source: Queryable; readonly target: Queryable },
  database: string,
  subscriptions: readonly string[],
  options: CatchUpOptions,
): Promise<CatchUp> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const started = now();
  // The target session is on the replicated database already: it serves both roles, and stays open.
  const target = sessions.target;
  const replicated = async () => ({ query: target.query.bind(target), end: async () => {} });
  const read = () =>
    readCatalogStatus({ source: sessions.source, admin: target, replicated }, { database, subscriptions });
  const first = await read();
  const lsn = first.source.currentLsn;
  let status: CatalogStatus = first;
  for (;;) {
    const behind = lagging(status, lsn);
    const hopeless = behind.every((b) => b.final);
    if (behind.length === 0 || hopeless || now() - started >= options.timeoutMs) {
      return {
        lsn,
        caughtUp: behind.length === 0,
        waitedMs: now() - started,
        behind: behind.map(({ subscription, reason }) => ({ subscription, reason })),
      };
    }
    await sleep(options.pollMs ?? 500);
    status = await read();
  }
}

interface Lagging {
  readonly subscription: string;
  readonly reason: string;
  /** Waiting cannot help (missing or disabled). */
  readonly final: boolean;
}

function lagging(status: CatalogStatus, lsn: string): Lagging[] {
  return status.subscriptions.flatMap((s): Lagging[] => {
    if (!s.exists) return [{ subscription: s.name, reason: 'it does not exist on the target', final: true }];
    if (s.enabled === false) return [{ subscription: s.name, reason: 'it is disabled', final: true }];
    const slot = status.slots.find((x) => x.name === s.slotName);
    const confirmed =
      lsnReached(slot?.confirmedFlushLsn ?? null, lsn) || lsnReached(s.walsender?.replayLsn ?? null, lsn);
    const notReady = s.tables.filter((t) => t.state !== 'r').length;
    if (confirmed && notReady === 0) return [];
    const reasons = [
      ...(confirmed ? [] : [`it confirmed ${slot?.confirmedFlushLsn ?? 'nothing'} of ${lsn}`]),
      ...(notReady === 0 ? [] : [`${notReady} tables are still syncing`]),
    ];
    return [{ subscription: s.name, reason: reasons.join(', and '), final: false }];
  });
}
