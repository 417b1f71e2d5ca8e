import type { DesiredState } from '../model/desired-state.js';
import { canonicalTableOrUndefined } from './table-names.js';

/** A table's published columns: a set from column lists, or every column. */
export type PublishedColumns = ReadonlySet<string> | 'all';

/**
 * Per table, the columns the desired publications publish: the union of their column lists, or
 * every column as soon as one publication lists the table without a column list. Tables no
 * publication lists explicitly (FOR ALL TABLES, TABLES IN SCHEMA, none) publish every column.
 */
export function publishedColumnsByTable(desired: DesiredState): (table: string) => PublishedColumns {
  const byTable = new Map<string, Set<string> | 'all'>();
  for (const publication of Object.values(desired.source?.publications ?? {})) {
    for (const [key, member] of Object.entries(publication.tables ?? {})) {
      const table = canonicalTableOrUndefined(key);
      if (table === undefined) continue;
      const known = byTable.get(table);
      if (member.columns === undefined || known === 'all') {
        byTable.set(table, 'all');
        continue;
      }
      const columns = known ?? new Set<string>();
      for (const column of member.columns) columns.add(column);
      byTable.set(table, columns);
    }
  }
  return (table) => byTable.get(table) ?? 'all';
}
