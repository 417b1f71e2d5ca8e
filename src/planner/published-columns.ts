import type { DesiredState } from '../model/desired-state.js';
import { desiredPublicationTables } from './desired-tables.js';

/** A table's published columns: a set from column lists, or every column. */
export type PublishedColumns = ReadonlySet<string> | 'all';

/**
 * Per table, the columns the desired publications publish: the union of their column lists, or
 * every column as soon as one publication lists the table without a column list. Tables no
 * publication lists explicitly (FOR ALL TABLES, TABLES IN SCHEMA, none) publish every column.
 */
export function publishedColumnsByTable(desired: DesiredState): (table: string) => PublishedColumns {
  const publications = desired.source?.publications;
  if (publications === undefined) return () => 'all';
  let byTable = cache.get(publications);
  if (byTable === undefined) {
    byTable = columnsByTable(publications);
    cache.set(publications, byTable);
  }
  const known = byTable;
  return (table) => known.get(table) ?? 'all';
}

/** Per publications object of a desired state: it depends on nothing else (see `prepareDesired`). */
const cache = new WeakMap<object, ReadonlyMap<string, PublishedColumns>>();

function columnsByTable(
  publications: NonNullable<NonNullable<DesiredState['source']>['publications']>,
): ReadonlyMap<string, PublishedColumns> {
  const byTable = new Map<string, Set<string> | 'all'>();
  for (const publication of Object.values(publications)) {
    for (const member of desiredPublicationTables(publication).sorted) {
      const table = member.table;
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
  return byTable;
}
