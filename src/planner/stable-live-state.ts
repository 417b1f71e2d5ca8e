import type {
  LiveColumn,
  LiveRds,
  LiveSlot,
  LiveSource,
  LiveState,
  LiveSubscription,
  LiveTable,
  LiveTarget,
} from '../model/live-state.js';
import { canonicalCopy, withSortedKeys } from './canonical-copy.js';

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
 *
 * Built canonical (every object's keys in `canonicalJson` order), so plain JSON.stringify gives
 * the canonical JSON the fingerprint hashes without sorting a second copy: the tables, most of a
 * large state, field by field, the rest by `canonicalCopy`.
 */
export function stableLiveState(live: LiveState): StableLiveState {
  const subscribed = new Set<string>();
  for (const subscription of Object.values(live.target.subscriptions)) {
    for (const table of Object.keys(subscription.tables)) subscribed.add(table);
  }
  const { tables: sourceTables, slots, ...source } = live.source;
  const { tables: targetTables, subscriptions, ...target } = live.target;
  return withSortedKeys({
    source: withSortedKeys({
      ...canonicalMembers(source),
      tables: stableTables(sourceTables, () => true),
      slots: slots.map(({ active: _a, retainedWalBytes: _r, walStatus: _w, ...slot }) => canonicalCopy(slot)),
    }),
    target: withSortedKeys({
      ...canonicalMembers(target),
      tables: stableTables(targetTables, (name) => !subscribed.has(name)),
      subscriptions: canonicalCopy(
        mapValues(subscriptions, ({ tables, ...subscription }) => ({
          ...subscription,
          tables: Object.keys(tables).sort(),
        })),
      ),
    }),
    ...(live.rds === undefined
      ? {}
      : {
          rds: canonicalCopy({
            ...live.rds,
            instance: (({ status: _s, ...instance }) => instance)(live.rds.instance),
          }),
        }),
  });
}

/** Every key of T, the optional ones too: TypeScript refuses a literal that forgets one. */
type EveryKey<T> = { readonly [K in keyof Required<T>]: T[K] };

/**
 * Tables by sorted name. Every field is listed, in canonical order (undefined ones JSON leaves
 * out), so a field added to LiveTable or LiveColumn does not compile until it is fingerprinted.
 */
function stableTables(
  tables: Readonly<Record<string, LiveTable>>,
  keepsEmpty: (name: string) => boolean,
): Record<string, StableTable> {
  const stable: Record<string, StableTable> = {};
  for (const name of Object.keys(tables).sort()) {
    const table = tables[name]!;
    const fields: EveryKey<StableTable> = {
      columns: table.columns.map(stableColumn),
      empty: keepsEmpty(name) ? table.empty : undefined,
      isPartition: table.isPartition,
      kind: table.kind,
      primaryKey: table.primaryKey,
      replicaIdentity: table.replicaIdentity,
      replicaIdentityColumns: table.replicaIdentityColumns,
      sequences: table.sequences?.map(({ column, sequence }) => ({ column, sequence })),
    };
    stable[name] = fields;
  }
  return stable;
}

function stableColumn(column: LiveColumn): LiveColumn {
  const fields: EveryKey<LiveColumn> = {
    generated: column.generated,
    hasDefault: column.hasDefault,
    name: column.name,
    notNull: column.notNull,
    type: column.type,
  };
  return fields;
}

/** Each member value canonical (the keys themselves are sorted by the caller). */
function canonicalMembers<T extends object>(record: T): T {
  return mapValues(record as Readonly<Record<string, unknown>>, canonicalCopy) as T;
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = f(value);
  return out;
}
