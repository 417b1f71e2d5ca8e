import type { DesiredPublication, DesiredState, DesiredTargetTable } from '../model/desired-state.js';
import type { PublishedTable } from './changes.js';
import { compareText } from './diff-input.js';
import { canonicalTableOrUndefined } from './table-names.js';

/**
 * The desired state's table keys in canonical spelling, sorted: what the diff and the linter both
 * ask of every table (10,000 in a large setup). Each index depends on the desired state alone, is
 * built once per state object (WeakMaps: nothing outlives the state), and can be built before
 * introspection finishes (`prepareDesired`). A key that is no table name is kept aside, for the
 * diff to refuse and the linter to skip.
 */
export interface CanonicalTables<T> {
  /** By canonical name, code-unit order; two spellings of one name in key order. */
  readonly sorted: readonly T[];
  /** The first key (in key order) that is not `schema.table`. */
  readonly invalidKey?: string;
}

export interface TargetTableEntry {
  readonly key: string;
  readonly name: string;
  readonly table: DesiredTargetTable;
}

const targetTablesCache = new WeakMap<object, CanonicalTables<TargetTableEntry>>();
const NO_TARGET_TABLES: CanonicalTables<TargetTableEntry> = { sorted: [] };

/** `target.tables`, canonical and sorted. */
export function desiredTargetTables(desired: DesiredState): CanonicalTables<TargetTableEntry> {
  const tables = desired.target?.tables;
  if (tables === undefined) return NO_TARGET_TABLES;
  return cached(targetTablesCache, tables, () =>
    canonicalSorted(
      tables,
      (key, name, table) => ({ key, name, table }),
      (e) => e.name,
    ),
  );
}

const targetByNameCache = new WeakMap<object, ReadonlyMap<string, DesiredTargetTable>>();

/** The `target.tables` entry of each canonical name: the first spelling, should two name it. */
export function desiredTargetTableByName(desired: DesiredState): ReadonlyMap<string, DesiredTargetTable> {
  const tables = desired.target?.tables;
  if (tables === undefined) return new Map();
  return cached(targetByNameCache, tables, () => {
    const byName = new Map<string, DesiredTargetTable>();
    // Sorted stably: of two spellings of a name, the first in key order comes first.
    for (const { name, table } of desiredTargetTables(desired).sorted) {
      if (!byName.has(name)) byName.set(name, table);
    }
    return byName;
  });
}

const publicationTablesCache = new WeakMap<DesiredPublication, CanonicalTables<PublishedTable>>();

/** A desired publication's members (`tables`), canonical and sorted, with their lists and filters. */
export function desiredPublicationTables(publication: DesiredPublication): CanonicalTables<PublishedTable> {
  return cached(publicationTablesCache, publication, () =>
    canonicalSorted(
      publication.tables ?? {},
      (_key, table, member): PublishedTable => ({
        table,
        ...(member.columns === undefined ? {} : { columns: member.columns }),
        ...(member.where === undefined ? {} : { where: member.where }),
      }),
      (t) => t.table,
    ),
  );
}

function canonicalSorted<V, T>(
  record: Readonly<Record<string, V>>,
  entry: (key: string, name: string, value: V) => T,
  nameOf: (entry: T) => string,
): CanonicalTables<T> {
  const entries: T[] = [];
  let invalidKey: string | undefined;
  for (const key of Object.keys(record)) {
    const name = canonicalTableOrUndefined(key);
    if (name !== undefined) entries.push(entry(key, name, record[key]!));
    else invalidKey ??= key;
  }
  // Array.prototype.sort is stable: two spellings of one name stay in key order.
  entries.sort((a, b) => compareText(nameOf(a), nameOf(b)));
  return invalidKey === undefined ? { sorted: entries } : { sorted: entries, invalidKey };
}

function cached<K extends object, T>(cache: WeakMap<K, T>, key: K, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}
