import type { DesiredState } from '../model/desired-state.js';
import { parseQualifiedName, type QualifiedName } from '../sql/quote.js';

/**
 * The objects introspection reads: those the desired state names, plus (for the planner to see what
 * to remove or revoke) those earlier versions named. Introspection reads nothing else about tables,
 * roles, publications and subscriptions, so replctl never acts on objects no changeset mentioned.
 * Replication slots and the replication settings (`ALWAYS_READ_SETTINGS`) are always read.
 */
export interface IntrospectionScope {
  /** Qualified names in changeset spelling: published, granted, or target tables. */
  readonly tables: readonly string[];
  readonly roles: readonly string[];
  /** Source publications; each is read with its whole membership. */
  readonly publications: readonly string[];
  /** Source settings (case does not matter: pg_settings names are lower-case). */
  readonly settings: readonly string[];
  /** Target subscriptions (of the replicated database). */
  readonly subscriptions: readonly string[];
  /** Schemas: USAGE grants and publication members on the source, existence on the target. */
  readonly schemas: readonly string[];
  /** The replicated database on the target; default: the database the target URL names. */
  readonly targetDatabase?: string;
  /** The desired RDS parameter group and its parameter names (also read as target settings). */
  readonly parameterGroup?: { readonly name: string; readonly parameters: readonly string[] };
}

/** What lint and status need whatever the desired state says (design §8). */
export const ALWAYS_READ_SETTINGS: readonly string[] = [
  'wal_level',
  'max_replication_slots',
  'max_wal_senders',
  'max_worker_processes',
  'max_logical_replication_workers',
  'max_sync_workers_per_subscription',
];

/**
 * The scope of `desired`, widened by the `managed` states (earlier versions: what replctl may have
 * created and must now remove). The target database and parameter group come from `desired`.
 */
export function scopeOf(desired: DesiredState, managed: readonly DesiredState[] = []): IntrospectionScope {
  const tables = new Set<string>();
  const roles = new Set<string>();
  const publications = new Set<string>();
  const settings = new Set<string>();
  const subscriptions = new Set<string>();
  const schemas = new Set<string>();
  // Folded states share the parts no later patch changed (10,000-table maps): each is read once.
  const read = new WeakSet<object>();
  const addTables = (map: object | undefined) => {
    if (map === undefined || read.has(map)) return;
    read.add(map);
    for (const table of Object.keys(map)) tables.add(table);
  };
  for (const state of [desired, ...managed]) {
    const source = state.source ?? {};
    const target = state.target ?? {};
    for (const name of Object.keys(source.settings ?? {})) settings.add(name);
    for (const name of Object.keys(source.roles ?? {})) roles.add(name);
    for (const [role, grants] of Object.entries(source.grants ?? {})) {
      roles.add(role);
      for (const schema of grants.usage ?? []) schemas.add(schema);
      addTables(grants.select);
    }
    for (const [name, publication] of Object.entries(source.publications ?? {})) {
      publications.add(name);
      addTables(publication.tables);
      for (const schema of Object.keys(publication.schemas ?? {})) schemas.add(schema);
    }
    addTables(target.tables);
    for (const [name, subscription] of Object.entries(target.subscriptions ?? {})) {
      subscriptions.add(name);
      // The planner checks that the publications a subscription names exist on the source.
      for (const publication of subscription.publications) publications.add(publication);
    }
  }
  for (const table of tables) {
    const q = parseQualifiedName(table);
    if (q) schemas.add(q.schema);
  }
  const group = desired.target?.parameterGroup;
  return {
    tables: sorted(tables),
    roles: sorted(roles),
    publications: sorted(publications),
    settings: sorted(settings),
    subscriptions: sorted(subscriptions),
    schemas: sorted(schemas),
    ...(desired.target?.database === undefined ? {} : { targetDatabase: desired.target.database }),
    ...(group === undefined
      ? {}
      : { parameterGroup: { name: group.name, parameters: Object.keys(group.parameters ?? {}).sort() } }),
  };
}

/**
 * The scope's tables as two parallel arrays, the shape of the `unnest($1::text[], $2::text[])`
 * bind parameters of the table queries. Throws on a name that is not `schema.table`.
 */
export function tableNameArrays(tables: readonly string[]): {
  readonly schemas: string[];
  readonly names: string[];
} {
  const schemas: string[] = [];
  const names: string[] = [];
  for (const table of tables) {
    const q: QualifiedName | undefined = parseQualifiedName(table);
    if (!q) throw new Error(`Expected a table name of the form schema.table, but got: ${table}`);
    schemas.push(q.schema);
    names.push(q.name);
  }
  return { schemas, names };
}

function sorted(set: ReadonlySet<string>): string[] {
  return [...set].sort();
}
