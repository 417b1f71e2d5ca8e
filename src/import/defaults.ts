import { isJsonObject, type JsonValue, jsonEqual } from '../changesets/json.js';
import type { DesiredState } from '../model/desired-state.js';
import { defaultOptionValue } from './subscription-options.js';

/** Path patterns (`*` any one key) of values a changeset may leave out, and their defaults. */
const DEFAULTS: readonly (readonly [pattern: readonly string[], value: JsonValue])[] = [
  [['source', 'roles', '*', 'connectionLimit'], -1],
  [['source', 'grants', '*', 'connect'], false],
  [['source', 'grants', '*', 'usage'], []],
  [['source', 'grants', '*', 'select'], {}],
  [['source', 'grants', '*'], {}],
  [['source', 'publications', '*', 'publishViaPartitionRoot'], false],
  [['source', 'publications', '*', 'allTables'], false],
  [['source', 'publications', '*', 'tables'], {}],
  [['source', 'publications', '*', 'schemas'], {}],
  [['target', 'subscriptions', '*', 'options'], {}],
  [['target', 'parameterGroup', 'description'], ''],
  [['target', 'parameterGroup', 'parameters'], {}],
];

/**
 * Whether `value` at `path` says what leaving it out says: PostgreSQL's and RDS's defaults, or
 * an empty set. A subscription option's default depends on the target's version.
 */
export function isDefaultValue(path: readonly string[], value: JsonValue, targetVersion: number): boolean {
  if (matches(['target', 'subscriptions', '*', 'options', '*'], path)) {
    const fallback = defaultOptionValue(path[4]!, targetVersion);
    return fallback !== undefined && jsonEqual(fallback, value);
  }
  return DEFAULTS.some(([pattern, fallback]) => matches(pattern, path) && jsonEqual(fallback, value));
}

/** The state without the values that only restate a default (for a changeset people read). */
export function withoutDefaults(state: DesiredState, targetVersion: number): DesiredState {
  return prune(state as unknown as JsonValue, [], targetVersion) as unknown as DesiredState;
}

function prune(value: JsonValue, path: readonly string[], targetVersion: number): JsonValue {
  if (!isJsonObject(value)) return value;
  const entries: [string, JsonValue][] = [];
  for (const [key, member] of Object.entries(value)) {
    const childPath = [...path, key];
    const pruned = prune(member, childPath, targetVersion);
    if (!isDefaultValue(childPath, pruned, targetVersion)) entries.push([key, pruned]);
  }
  return Object.fromEntries(entries);
}

export function matches(pattern: readonly string[], path: readonly string[]): boolean {
  return pattern.length === path.length && pattern.every((p, i) => p === '*' || p === path[i]);
}
