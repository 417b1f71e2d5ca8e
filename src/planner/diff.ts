import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import type { Change } from './changes.js';
import type { PlanContext } from './context.js';
import { diffGrants } from './diff-grants.js';
import type { DiffInput } from './diff-input.js';
import { diffPublications } from './diff-publications.js';
import { diffRds } from './diff-rds.js';
import { diffRoles } from './diff-roles.js';
import { diffSettings } from './diff-settings.js';
import { diffSubscriptions } from './diff-subscriptions.js';
import { diffTargetDatabase } from './diff-target-database.js';
import { diffTargetTables } from './diff-target-tables.js';
import type { ManagedScope } from './managed-scope.js';

/**
 * Everything that differs between the desired state and the live one, as changes (pure: no I/O).
 * `managed` is the scope of every changeset (`managedScope`): live objects outside it are never
 * touched. Order within the result is deterministic but carries no meaning; `order` decides that.
 * Throws ReplctlError for desired states the live servers cannot have (a PostgreSQL 15 feature on
 * an older source, a setting the server lacks).
 */
export function diff(
  desired: DesiredState,
  live: LiveState,
  context: PlanContext,
  managed: ManagedScope,
): Change[] {
  const input: DiffInput = { desired, live: withReachableTarget(live), context, managed };
  const publications = diffPublications(input);
  return [
    ...diffSettings(input),
    ...diffRds(input),
    ...diffRoles(input),
    ...diffGrants(input),
    ...diffTargetDatabase(input),
    ...diffTargetTables(input),
    ...publications,
    ...diffSubscriptions(input, publications),
  ];
}

/**
 * A target database that does not exist yet cannot be introspected: it has no tables nor
 * subscriptions, and (like every database made from template1) a `public` schema.
 */
function withReachableTarget(live: LiveState): LiveState {
  if (live.target.databaseExists) return live;
  return { ...live, target: { ...live.target, schemas: ['public'], tables: {}, subscriptions: {} } };
}
