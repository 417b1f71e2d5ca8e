import type { ReplicaIdentity } from '../lint/replica-identity.js';
import { replicaIdentityOf } from '../lint/replica-identity.js';
import type { LiveState } from '../model/live-state.js';

/** A replicated table as verify compares it: what is published of it, and how to order its rows. */
export interface VerifiedTable {
  /** Canonical changeset spelling. */
  readonly table: string;
  readonly subscription: string;
  /** The published columns with their source and target types, in source order. */
  readonly columns: readonly {
    readonly name: string;
    readonly sourceType: string;
    readonly targetType?: string;
  }[];
  /**
   * The row filter the source rows pass (the OR of the publications' filters), or undefined when
   * every row is published.
   */
  readonly filter?: string;
  /** Key columns (primary key or replica identity index, when published), in key order; empty: none. */
  readonly key: readonly string[];
  /** Published columns the target table lacks, or the whole table when it does not exist. */
  readonly missingOnTarget: readonly string[] | 'table';
}

/**
 * The tables to verify: every table that a live subscription of the desired state receives through
 * a publication listing it by name, as the live catalogs define it (column lists and row filters
 * included). `only`: canonical table names to keep (`--table`).
 */
export function verifiedTables(
  live: LiveState,
  subscriptions: readonly string[],
  only?: ReadonlySet<string>,
): VerifiedTable[] {
  const result: VerifiedTable[] = [];
  for (const subscription of subscriptions) {
    const current = live.target.subscriptions[subscription];
    if (current === undefined) continue;
    const members = new Map<string, { columns?: readonly string[]; where?: string }[]>();
    for (const name of current.publications) {
      for (const [table, member] of Object.entries(live.source.publications[name]?.tables ?? {})) {
        members.set(table, [...(members.get(table) ?? []), member]);
      }
    }
    for (const [table, list] of [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (only !== undefined && !only.has(table)) continue;
      const source = live.source.tables[table];
      if (source === undefined) continue;
      const listed = list.some((m) => m.columns === undefined)
        ? undefined
        : new Set(list.flatMap((m) => m.columns ?? []));
      const published = source.columns.filter((c) =>
        listed === undefined ? c.generated === undefined : listed.has(c.name),
      );
      const target = live.target.tables[table];
      const targetTypes = new Map(target?.columns.map((c) => [c.name, c.type]) ?? []);
      const filters = list.map((m) => m.where);
      const names = new Set(published.map((c) => c.name));
      const key = keyColumns(replicaIdentityOf(source), source.primaryKey).filter((c) => names.has(c));
      result.push({
        table,
        subscription,
        columns: published.map((c) => {
          const targetType = targetTypes.get(c.name);
          return { name: c.name, sourceType: c.type, ...(targetType === undefined ? {} : { targetType }) };
        }),
        ...(filters.some((f) => f === undefined)
          ? {}
          : { filter: filters.map((f) => `(${f})`).join(' OR ') }),
        key: key.length === keyColumns(replicaIdentityOf(source), source.primaryKey).length ? key : [],
        missingOnTarget:
          target === undefined
            ? 'table'
            : published.filter((c) => !targetTypes.has(c.name)).map((c) => c.name),
      });
    }
  }
  return result;
}

function keyColumns(identity: ReplicaIdentity, primaryKey: readonly string[]): readonly string[] {
  if (primaryKey.length > 0) return primaryKey;
  return identity.kind === 'key' ? identity.columns : [];
}
