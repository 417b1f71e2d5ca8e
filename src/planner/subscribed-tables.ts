import type { DesiredState } from '../model/desired-state.js';
import type { LiveSubscription, LiveTarget } from '../model/live-state.js';
import { desiredPublicationTables } from './desired-tables.js';

/**
 * The tables the desired publications of a subscription list by name, canonical and sorted. FOR
 * ALL TABLES and TABLES IN SCHEMA publications are left out: the planner does not see their
 * tables.
 */
export function listedTables(desired: DesiredState, publications: readonly string[]): string[] {
  const tables = new Set<string>();
  for (const name of publications) {
    const publication = desired.source?.publications?.[name];
    if (publication === undefined || publication.allTables) continue;
    if (Object.keys(publication.schemas ?? {}).length > 0) continue;
    for (const { table } of desiredPublicationTables(publication).sorted) tables.add(table);
  }
  return [...tables].sort();
}

/**
 * Listed tables about to enter the subscription (not in pg_subscription_rel yet, or `reentering`
 * it) whose target table already exists and is not known to be empty: the initial copy would
 * collide with their rows.
 */
export function tablesToEmpty(
  listed: readonly string[],
  current: LiveSubscription | undefined,
  target: LiveTarget,
  reentering: readonly string[] = [],
): string[] {
  return listed.filter((table) => {
    const existing = target.tables[table];
    const entering = current?.tables[table] === undefined || reentering.includes(table);
    return entering && existing !== undefined && existing.empty !== true;
  });
}
