import type { JsonObject } from '../changesets/json.js';
import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { describeSecretRef } from '../model/secret-ref.js';
import { serverVersionLabel } from './endpoint-label.js';
import type { PathComment } from './render-changeset.js';

/** Where the imported parts came from, in words. */
export interface ImportOrigin {
  readonly environment: string;
  readonly at: Date;
  /** `host:port` of the source and the target (see `endpointLabel`). */
  readonly sourceEndpoint: string;
  readonly targetEndpoint: string;
  readonly live: LiveState;
  readonly rds?: { readonly instance: string; readonly region?: string };
}

/** The header under the modeline of a first import (pure). */
export function importHeader(origin: ImportOrigin): string[] {
  return [
    `Imported by replctl import from environment "${origin.environment}" on ${origin.at.toISOString()}:`,
    'what was live then, so that replctl plan finds nothing to change. Later changes go in later',
    'changesets (a patch of this one each).',
  ];
}

/** The header of a drift patch (pure). */
export function driftHeader(origin: ImportOrigin, previous: number): string[] {
  return [
    `Drift adopted by replctl import --as-patch from environment "${origin.environment}" on ${origin.at.toISOString()}:`,
    `what is live that changeset ${previous} did not say, so that replctl plan keeps it instead of reverting it.`,
  ];
}

/** Comments before the sections of an imported document, saying where each came from (pure). */
export function sectionComments(document: JsonObject, origin: ImportOrigin): PathComment[] {
  const state = document as unknown as DesiredState;
  const { live } = origin;
  const comments: PathComment[] = [];
  const add = (path: string[], ...lines: string[]) => comments.push({ path, lines });
  add(
    ['source'],
    `From the source: database ${live.source.database} at ${origin.sourceEndpoint} (${serverVersionLabel(live.source.serverVersionNum)}).`,
  );
  add(['source', 'settings'], 'As the source runs them (pg_settings).');
  const passwords = Object.entries(state.source?.roles ?? {}).flatMap(([name, role]) =>
    role.password ? [`${describeSecretRef(role.password)} for ${name}`] : [],
  );
  add(
    ['source', 'roles'],
    'Replication roles. Passwords are references, never values:',
    ...(passwords.length > 0 ? [`${passwords.join(', ')} must hold the current password.`] : []),
  );
  add(
    ['source', 'grants'],
    'Direct grants of those roles on the published tables (not through PUBLIC or membership).',
  );
  add(
    ['source', 'publications'],
    'Members as stored (pg_publication_rel); row filters as PostgreSQL prints them.',
  );
  add(
    ['target'],
    `From the target: database ${live.target.database} at ${origin.targetEndpoint} (${serverVersionLabel(live.target.serverVersionNum)}).`,
  );
  if (origin.rds !== undefined) {
    add(
      ['target', 'parameterGroup'],
      `Attached to RDS instance ${origin.rds.instance}${origin.rds.region ? ` (${origin.rds.region})` : ''}; the parameters a user set.`,
    );
  }
  add(
    ['target', 'tables'],
    'from: source where the target table has exactly the published source columns, else its columns.',
  );
  add(
    ['target', 'subscriptions'],
    "Their connection is the environment's subscriptionConnection (replctl.yaml); options at",
    "PostgreSQL's defaults are left out.",
  );
  return comments;
}
