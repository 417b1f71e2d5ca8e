import type { DesiredState } from '../model/desired-state.js';
import { desiredPublicationTables, desiredTargetTableByName, desiredTargetTables } from './desired-tables.js';
import { publishedColumnsByTable } from './published-columns.js';

/**
 * Builds the indexes the diff and the linter take from the desired state alone (canonical, sorted
 * table keys; published columns per table), which they otherwise build on first use. For a caller
 * with time to spare before the live state is in, such as while introspection waits on the
 * catalog: the plan and the findings are the same either way. Never throws (a key that is no
 * table name is refused later, by the diff).
 */
export function prepareDesired(desired: DesiredState): void {
  desiredTargetTables(desired);
  desiredTargetTableByName(desired);
  for (const publication of Object.values(desired.source?.publications ?? {})) {
    desiredPublicationTables(publication);
  }
  publishedColumnsByTable(desired);
}
