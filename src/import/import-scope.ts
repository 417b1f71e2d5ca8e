import type { Discovery } from '../introspect/discover.js';
import { type IntrospectionScope, scopeOf } from '../introspect/scope.js';
import type { DesiredState } from '../model/desired-state.js';
import { parseQualifiedName } from '../sql/quote.js';
import type { ImportSelection } from './selection.js';

/**
 * What introspection reads for an import (pure): the selected objects, every table the selected
 * publications publish (as stored and as FOR ALL TABLES / TABLES IN SCHEMA expand), and with
 * `--as-patch` everything the project's changesets name (`managed`, their folded states).
 */
export function importScope(
  selection: ImportSelection,
  discovery: Discovery,
  managed: readonly DesiredState[] = [],
): IntrospectionScope {
  const base = scopeOf({}, managed);
  const tables = union(base.tables, discovery.source.publishedTables);
  const schemas = union(
    base.schemas,
    tables.flatMap((t) => parseQualifiedName(t)?.schema ?? []),
  );
  const group = selection.parameterGroup;
  return {
    tables,
    roles: union(base.roles, selection.roles),
    publications: union(base.publications, selection.publications),
    settings: union(base.settings, selection.settings),
    subscriptions: union(base.subscriptions, selection.subscriptions),
    schemas,
    ...(selection.targetDatabase === undefined ? {} : { targetDatabase: selection.targetDatabase }),
    ...(group === undefined ? {} : { parameterGroup: { name: group, parameters: [] } }),
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
