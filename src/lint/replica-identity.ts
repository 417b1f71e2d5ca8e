import type { LiveTable } from '../model/live-state.js';

/**
 * The columns that identify a row to the subscriber for UPDATE and DELETE: the primary key
 * (REPLICA IDENTITY DEFAULT), a unique index (USING INDEX), every column (FULL), or none
 * (NOTHING, or DEFAULT without a primary key: UPDATE and DELETE then fail on the source).
 */
export type ReplicaIdentity =
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'full' }
  | { readonly kind: 'key'; readonly columns: readonly string[]; readonly source: string };

export function replicaIdentityOf(table: LiveTable): ReplicaIdentity {
  switch (table.replicaIdentity) {
    case 'f':
      return { kind: 'full' };
    case 'n':
      return { kind: 'none', why: 'its replica identity is NOTHING' };
    case 'i':
      return (table.replicaIdentityColumns ?? []).length > 0
        ? { kind: 'key', columns: table.replicaIdentityColumns ?? [], source: 'replica identity index' }
        : { kind: 'none', why: 'its replica identity index is gone' };
    case 'd':
      return table.primaryKey.length > 0
        ? { kind: 'key', columns: table.primaryKey, source: 'primary key' }
        : { kind: 'none', why: 'it has no primary key and its replica identity is DEFAULT' };
  }
}
