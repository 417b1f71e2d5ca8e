import type { SecretRef } from './secret-ref.js';

/**
 * The desired state: changeset 1 folded with every later patch up to a version (design §2).
 * This is the parsed document as users write it; every set is a map keyed by name so a JSON Merge
 * Patch can add or remove one member. Table keys are qualified names in changeset spelling
 * (`schema.table`, parts double-quoted where needed: see `parseQualifiedName`).
 *
 * Anything absent is unmanaged: replctl never touches objects no changeset mentions.
 */
export interface DesiredState {
  readonly source?: DesiredSource;
  readonly target?: DesiredTarget;
  /** Lint waivers: rule id -> object -> reason (the issue on lint defines the rule ids). */
  readonly lint?: { readonly waive?: Readonly<Record<string, Readonly<Record<string, string>>>> };
}

/** A PostgreSQL setting value as written: `logical`, `10`, `on`. Compared in pg_settings units. */
export type SettingValue = string | number | boolean;

export interface DesiredSource {
  /** postgresql.conf settings, applied with ALTER SYSTEM (+ restart when context is postmaster). */
  readonly settings?: Readonly<Record<string, SettingValue>>;
  readonly roles?: Readonly<Record<string, DesiredRole>>;
  /** Grants keyed by grantee role. */
  readonly grants?: Readonly<Record<string, DesiredGrants>>;
  readonly publications?: Readonly<Record<string, DesiredPublication>>;
}

export interface DesiredRole {
  readonly login?: boolean;
  readonly replication?: boolean;
  readonly password?: SecretRef;
  readonly connectionLimit?: number;
}

export interface DesiredGrants {
  /** CONNECT on the source database. */
  readonly connect?: boolean;
  /** USAGE on these schemas (a list: replaced whole by a patch). */
  readonly usage?: readonly string[];
  /** SELECT on these tables; `{}` per member so a patch can add or remove one. */
  readonly select?: Readonly<Record<string, Readonly<Record<string, never>>>>;
}

export type PublishOperation = 'insert' | 'update' | 'delete' | 'truncate';

export interface DesiredPublication {
  /** Default: all four operations, as PostgreSQL does. */
  readonly publish?: readonly PublishOperation[];
  readonly publishViaPartitionRoot?: boolean;
  /** FOR ALL TABLES (exclusive with tables and schemas). */
  readonly allTables?: boolean;
  readonly tables?: Readonly<Record<string, DesiredPublishedTable>>;
  /** FOR TABLES IN SCHEMA (PostgreSQL 15+). */
  readonly schemas?: Readonly<Record<string, Readonly<Record<string, never>>>>;
}

export interface DesiredPublishedTable {
  /** Column list (PostgreSQL 15+); absent means every column. */
  readonly columns?: readonly string[];
  /** Row filter expression (PostgreSQL 15+), SQL text without the WHERE keyword. */
  readonly where?: string;
}

export interface DesiredTarget {
  /** The database on the RDS instance that receives the data (created when missing). */
  readonly database?: string;
  readonly parameterGroup?: DesiredParameterGroup;
  readonly tables?: Readonly<Record<string, DesiredTargetTable>>;
  readonly subscriptions?: Readonly<Record<string, DesiredSubscription>>;
}

export interface DesiredParameterGroup {
  readonly name: string;
  /** e.g. `postgres17`. */
  readonly family: string;
  readonly description?: string;
  readonly parameters?: Readonly<Record<string, SettingValue>>;
}

/**
 * A table on the target. `from: source` copies the source definition (the published columns,
 * types, NOT NULL and primary key); `columns` lists them explicitly instead.
 */
export interface DesiredTargetTable {
  readonly from?: 'source';
  readonly columns?: Readonly<Record<string, { readonly type: string; readonly notNull?: boolean }>>;
  readonly primaryKey?: readonly string[];
}

export interface DesiredSubscription {
  readonly publications: readonly string[];
  readonly enabled?: boolean;
  /** WITH (...) options by their PostgreSQL names: copy_data, binary, streaming, ... */
  readonly options?: Readonly<Record<string, SettingValue>>;
}
