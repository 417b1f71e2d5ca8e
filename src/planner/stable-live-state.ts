import type {
  LiveRds,
  LiveSlot,
  LiveSource,
  LiveState,
  LiveSubscription,
  LiveTable,
  LiveTarget,
} from '../model/live-state.js';

type StableTable = Omit<LiveTable, 'estimatedRows'>;
type StableSlot = Omit<LiveSlot, 'active' | 'retainedWalBytes' | 'walStatus'>;
type StableSubscription = Omit<LiveSubscription, 'tables'> & {
  /** The tables the subscription holds, sorted; not how far each one has synced. */
  readonly tables: readonly string[];
};

/** A LiveState without what changes on its own while nobody changes anything (see `stableLiveState`). */
export interface StableLiveState {
  readonly source: Omit<LiveSource, 'tables' | 'slots'> & {
    readonly tables: Readonly<Record<string, StableTable>>;
    readonly slots: readonly StableSlot[];
  };
  readonly target: Omit<LiveTarget, 'tables' | 'subscriptions'> & {
    readonly tables: Readonly<Record<string, StableTable>>;
    readonly subscriptions: Readonly<Record<string, StableSubscription>>;
  };
  readonly rds?: Omit<LiveRds, 'instance'> & { readonly instance: Omit<LiveRds['instance'], 'status'> };
}

/**
 * The part of a LiveState that changes only when someone changes the databases or the RDS API:
 * what a saved plan's live fingerprint covers (design §5). Left out are observations that move
 * under an ordinary write load or on their own, which would make every saved plan stale: row
 * estimates, a slot's activity and retained WAL, each subscribed table's sync state and whether
 * it is empty yet (which tables are subscribed stays in, and the emptiness of the others, which
 * decides a TRUNCATE), and the RDS instance status (its parameter apply status stays in).
 */
export function stableLiveState(live: LiveState): StableLiveState {
  const subscribed = new Set(Object.values(live.target.subscriptions).flatMap((s) => Object.keys(s.tables)));
  return {
    source: {
      ...live.source,
      tables: mapValues(live.source.tables, stableTable),
      slots: live.source.slots.map(({ active: _a, retainedWalBytes: _r, walStatus: _w, ...slot }) => slot),
    },
    target: {
      ...live.target,
      tables: mapValues(live.target.tables, (table, name) => {
        if (!subscribed.has(name)) return stableTable(table);
        const { empty: _e, ...stable } = stableTable(table);
        return stable;
      }),
      subscriptions: mapValues(live.target.subscriptions, ({ tables, ...subscription }) => ({
        ...subscription,
        tables: Object.keys(tables).sort(),
      })),
    },
    ...(live.rds === undefined
      ? {}
      : { rds: { ...live.rds, instance: (({ status: _s, ...instance }) => instance)(live.rds.instance) } }),
  };
}

function stableTable({ estimatedRows: _e, ...table }: LiveTable): StableTable {
  return table;
}

function mapValues<T, U>(
  record: Readonly<Record<string, T>>,
  f: (value: T, key: string) => U,
): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = f(value, key);
  return out;
}
