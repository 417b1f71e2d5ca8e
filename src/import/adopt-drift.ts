import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  objectFromEntries,
} from '../changesets/json.js';
import { diffMergePatch } from '../changesets/merge-patch-diff.js';
import { canonicalTableKey } from '../changesets/state-checks.js';
import type { DesiredState, SettingValue } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';
import { settingMatches } from '../model/setting-value.js';
import { rdsValue } from '../planner/diff-rds.js';
import { sameRowFilter } from '../planner/row-filter.js';
import { matches, withoutDefaults } from './defaults.js';

export interface DriftInput {
  /** The project's latest desired state. */
  readonly folded: DesiredState;
  /** What is live, every attribute written out (`importedState`), of the managed and selected objects. */
  readonly imported: DesiredState;
  readonly live: LiveState;
}

/**
 * The merge patch that brings the project's desired state to what is live, so that `plan` is
 * empty after it (pure). The result keeps the project's own spelling wherever it already means
 * what is live (a setting written `on` or `64MB`, a table key quoted needlessly, a list in another
 * order, a row filter as the user wrote it), so only real drift shows in the patch. Objects that
 * are gone live are removed (`null`); values the live state cannot tell (lint waivers, options a
 * server does not report) are kept; target tables that exist stay as written, since the planner
 * never changes an existing target table beyond adding the published columns it lacks.
 */
export function driftPatch(input: DriftInput): JsonObject {
  const adopted = adoptDrift(input);
  return diffMergePatch(input.folded as unknown as JsonValue, adopted as unknown as JsonValue) as JsonObject;
}

/** The desired state after adopting the drift: what `driftPatch` patches the folded state to. */
export function adoptDrift(input: DriftInput): DesiredState {
  const targetVersion = input.live.target.serverVersionNum;
  const reconcile = (path: readonly string[], was: JsonValue, now: JsonValue): JsonValue => {
    if (!isJsonObject(was) || !isJsonObject(now) || isLeafObject(path)) {
      return equivalent(path, was, now, input) ? was : now;
    }
    const entries: [string, JsonValue][] = [];
    const matched = new Set<string>();
    for (const [key, value] of Object.entries(now)) {
      const wasKey = matchingKey(path, was, key);
      const childPath = [...path, key];
      if (wasKey !== undefined) {
        matched.add(wasKey);
        entries.push([wasKey, reconcile(childPath, was[wasKey]!, value)]);
      } else {
        const added = newSubtree(childPath, value, targetVersion);
        if (added !== undefined) entries.push([key, added]);
      }
    }
    for (const [key, value] of Object.entries(was)) {
      if (!matched.has(key) && keepsWhenAbsent([...path, key], input.live)) entries.push([key, value]);
    }
    return objectFromEntries(entries);
  };
  return reconcile(
    [],
    input.folded as unknown as JsonValue,
    input.imported as unknown as JsonValue,
  ) as unknown as DesiredState;
}

/** Objects compared as a whole: a role's password reference, a target table. */
function isLeafObject(path: readonly string[]): boolean {
  return matches(['source', 'roles', '*', 'password'], path) || matches(['target', 'tables', '*'], path);
}

/**
 * A subtree the project did not have, without the defaults it restates (as a first import writes
 * it); undefined when it only restates defaults.
 */
function newSubtree(path: readonly string[], value: JsonValue, targetVersion: number): JsonValue | undefined {
  let state: JsonValue = value;
  for (const key of [...path].reverse()) state = objectFromEntries([[key, state]]);
  let pruned: JsonValue | undefined = withoutDefaults(
    state as unknown as DesiredState,
    targetVersion,
  ) as unknown as JsonValue;
  for (const key of path)
    pruned = isJsonObject(pruned) && Object.hasOwn(pruned, key) ? pruned[key] : undefined;
  return pruned;
}

/** Table maps match keys by the table they name: `public."users"` is `public.users`. */
function matchingKey(path: readonly string[], was: JsonObject, key: string): string | undefined {
  if (Object.hasOwn(was, key)) return key;
  const tableMap =
    matches(['source', 'grants', '*', 'select'], path) ||
    matches(['source', 'publications', '*', 'tables'], path) ||
    matches(['target', 'tables'], path);
  if (!tableMap) return undefined;
  const canonical = canonicalTableKey(key);
  return Object.keys(was).find((k) => canonicalTableKey(k) === canonical);
}

/** What the live state cannot contradict stays as the project wrote it. */
function keepsWhenAbsent(path: readonly string[], live: LiveState): boolean {
  if (path.length === 1 && path[0] === 'lint') return true;
  if (matches(['source', 'settings', '*'], path)) return true;
  if (matches(['target', 'subscriptions', '*', 'options', '*'], path)) return true;
  if (matches(['target', 'tables', '*'], path)) {
    return live.target.tables[canonicalTableKey(path[2]!)] !== undefined;
  }
  return false;
}

const SET_LISTS: readonly (readonly string[])[] = [
  ['source', 'grants', '*', 'usage'],
  ['source', 'publications', '*', 'publish'],
  ['source', 'publications', '*', 'tables', '*', 'columns'],
  ['target', 'subscriptions', '*', 'publications'],
];

/** Whether the planner reads `was` and `now` at `path` as the same thing. */
function equivalent(path: readonly string[], was: JsonValue, now: JsonValue, input: DriftInput): boolean {
  if (jsonEqual(was, now)) return true;
  if (matches(['source', 'settings', '*'], path)) {
    const setting = input.live.source.settings[path[2]!.toLowerCase()];
    return setting !== undefined && isSettingValue(was) && settingMatches(was, setting);
  }
  if (matches(['target', 'subscriptions', '*', 'options', '*'], path)) {
    return isSettingValue(was) && isSettingValue(now) && optionText(was) === optionText(now);
  }
  if (matches(['target', 'parameterGroup', 'parameters', '*'], path)) {
    return isSettingValue(was) && isSettingValue(now) && rdsValue(was) === rdsValue(now);
  }
  if (matches(['target', 'parameterGroup', 'name'], path)) {
    return typeof was === 'string' && typeof now === 'string' && was.toLowerCase() === now.toLowerCase();
  }
  if (matches(['source', 'publications', '*', 'tables', '*', 'where'], path)) {
    return typeof was === 'string' && typeof now === 'string' && sameRowFilter(was, now);
  }
  if (matches(['source', 'roles', '*', 'password'], path)) return isJsonObject(was) && isJsonObject(now);
  if (matches(['target', 'tables', '*'], path)) return targetTableHolds(path[2]!, was, now, input.live);
  if (SET_LISTS.some((pattern) => matches(pattern, path))) return sameSet(was, now);
  return false;
}

/** The planner leaves an existing target table alone when it has every column either form names. */
function targetTableHolds(key: string, was: JsonValue, now: JsonValue, live: LiveState): boolean {
  const table = live.target.tables[canonicalTableKey(key)];
  if (table === undefined) return false;
  const have = new Set(table.columns.map((c) => c.name));
  const columnsOf = (value: JsonValue) =>
    isJsonObject(value) && isJsonObject(value.columns) ? Object.keys(value.columns) : [];
  return [...columnsOf(was), ...columnsOf(now)].every((c) => have.has(c));
}

function sameSet(a: JsonValue, b: JsonValue): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  const left = new Set(a.map((v) => JSON.stringify(v)));
  const right = new Set(b.map((v) => JSON.stringify(v)));
  return left.size === right.size && [...left].every((v) => right.has(v));
}

function isSettingValue(value: JsonValue): value is SettingValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Subscription options compare as the planner compares them: booleans in any spelling, any case. */
function optionText(value: SettingValue): string {
  const text = String(value).trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(text)) return 'true';
  if (['false', 'off', 'no', '0'].includes(text)) return 'false';
  return text;
}
