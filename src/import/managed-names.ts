import type { DesiredState } from '../model/desired-state.js';
import type { ManagedNames } from './selection.js';

/**
 * The objects the project's latest desired state manages, by name (pure): what `--as-patch`
 * always reads, so drift in any of them is adopted. Objects a changeset removed are not among
 * them: adopting them back would undo that changeset.
 */
export function managedNames(folded: DesiredState): ManagedNames {
  const source = folded.source ?? {};
  const target = folded.target ?? {};
  return {
    publications: Object.keys(source.publications ?? {}).sort(),
    subscriptions: Object.keys(target.subscriptions ?? {}).sort(),
    roles: [...new Set([...Object.keys(source.roles ?? {}), ...Object.keys(source.grants ?? {})])].sort(),
    settings: Object.keys(source.settings ?? {}),
    ...(target.database === undefined ? {} : { targetDatabase: target.database }),
    ...(target.parameterGroup === undefined ? {} : { parameterGroup: target.parameterGroup.name }),
  };
}
