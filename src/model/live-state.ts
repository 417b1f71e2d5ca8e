/**
 * What introspection reads from the live endpoints: one snapshot, read in a constant number of
 * queries per endpoint (design §4). The planner diffs a DesiredState against this; it never queries.
 * Table keys are qualified names in changeset spelling (see `formatQualifiedName`).
 */
export interface LiveState {
  readonly source: LiveSource;
  readonly target: LiveTarget;
  /** Absent when the environment has no RDS API configured. */
  readonly rds?: LiveRds;
}

export interface LiveSetting {
  /** `pg_settings.setting` (in `unit`, e.g. 8kB pages for shared_buffers). */
  readonly setting: string;
  readonly unit: string | null;
  readonly vartype: 'bool' | 'enum' | 'integer' | 'real' | 'string';
  /** `postmaster` means a restart is needed. */
  readonly context: string;
  readonly pendingRestart: boolean;
  /**
   * Whether postgresql.auto.conf (ALTER SYSTEM) holds the setting, applied or not yet; undefined
   * when the login may not read pg_file_settings (superuser-only unless granted) and on the target.
   */
  readonly inAutoConf?: boolean;
}

export interface LiveRole {
  readonly login: boolean;
  readonly replication: boolean;
  readonly superuser: boolean;
  readonly connectionLimit: number;
  /**
   * Fingerprint of the password replctl last set (never the secret or its verifier), kept in the
   * role's COMMENT as `replctl:<fingerprint>` (see `src/introspect/fingerprint-comment.ts`).
   */
  readonly passwordFingerprint?: string;
}

export interface LiveGrants {
  /** CONNECT on the source database granted to the role itself (PUBLIC's default does not count). */
  readonly connect: boolean;
  /** Schemas (of the introspection scope) the role was granted USAGE on. */
  readonly usage: readonly string[];
  /** Tables (of the introspection scope) the role was granted SELECT on, qualified names. */
  readonly select: readonly string[];
}

export interface LivePublication {
  readonly owner: string;
  readonly allTables: boolean;
  readonly publish: readonly ('insert' | 'update' | 'delete' | 'truncate')[];
  /** `pubviaroot`; false before PostgreSQL 13, which lacks the option. */
  readonly publishViaPartitionRoot: boolean;
  /** `pubgencols` (PostgreSQL 18+: `publish_generated_columns`); absent before 18. */
  readonly publishGeneratedColumns?: 'none' | 'stored';
  /**
   * Every member table of the publication (not only the scope's), from pg_publication_rel. Column
   * lists are in column order; `where` is the row filter as PostgreSQL deparses it (parenthesised),
   * both PostgreSQL 15+.
   */
  readonly tables: Readonly<
    Record<string, { readonly columns?: readonly string[]; readonly where?: string }>
  >;
  /** FOR TABLES IN SCHEMA members (PostgreSQL 15+). */
  readonly schemas: readonly string[];
}

export interface LiveColumn {
  readonly name: string;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(200)`. */
  readonly type: string;
  readonly notNull: boolean;
  /** Generated columns only (`attgenerated`): logical replication skips them before PostgreSQL 18. */
  readonly generated?: 'stored' | 'virtual';
  /**
   * Present (true) when a non-generated column has a default or is an identity column: an INSERT
   * (the apply worker's, when the column is not published) may omit it.
   */
  readonly hasDefault?: true;
}

export interface LiveTable {
  readonly columns: readonly LiveColumn[];
  readonly primaryKey: readonly string[];
  /**
   * Sequences the table owns (serial and identity columns), by the column they feed; absent when
   * none. Logical replication does not carry their values.
   */
  readonly sequences?: readonly { readonly column: string; readonly sequence: string }[];
  /** `relreplident`: d default (primary key), n nothing, f full, i index. */
  readonly replicaIdentity: 'd' | 'n' | 'f' | 'i';
  /** Columns of the replica identity index when replicaIdentity is `i`. */
  readonly replicaIdentityColumns?: readonly string[];
  /** r plain table, p partitioned table. */
  readonly kind: 'r' | 'p';
  readonly isPartition: boolean;
  /**
   * `reltuples` estimate (cheap): whether the table holds rows, for copy_data warnings. -1 means
   * never vacuumed or analyzed (PostgreSQL 14+; 12 and 13 say 0 then).
   */
  readonly estimatedRows: number;
  /**
   * `pg_relation_size(oid) = 0`: the table never held a row (or was truncated), exactly, unlike
   * `estimatedRows`. Read on target tables: one that is not known empty is truncated before it
   * (re)enters a subscription, so the initial copy does not collide with rows left from before.
   * Absent when not read (the planner then assumes it may hold rows).
   */
  readonly empty?: boolean;
}

export interface LiveSlot {
  readonly name: string;
  readonly plugin: string | null;
  readonly slotType: 'logical' | 'physical';
  readonly database: string | null;
  readonly active: boolean;
  /** WAL the slot holds back: current (or, on a standby, last received) LSN minus `restart_lsn`. */
  readonly retainedWalBytes: number | null;
  /** `wal_status` (PostgreSQL 13+): reserved, extended, unreserved or lost. */
  readonly walStatus?: string;
}

export interface HbaRule {
  readonly lineNumber: number;
  /** Null on a line PostgreSQL could not parse (then `error` says why). */
  readonly type: string | null;
  readonly databases: readonly string[];
  readonly users: readonly string[];
  readonly address: string | null;
  readonly netmask: string | null;
  readonly authMethod: string | null;
  readonly error: string | null;
  /** The file the line is in (PostgreSQL 16+, where pg_hba.conf may include others). */
  readonly fileName?: string;
}

export interface LiveSource {
  readonly serverVersionNum: number;
  readonly database: string;
  /**
   * The login replctl uses on the source: FOR ALL TABLES and TABLES IN SCHEMA publications need a
   * superuser. Absent when not read.
   */
  readonly login?: { readonly name: string; readonly superuser: boolean };
  /**
   * Every setting the desired state names, plus those the planner and linter always need, keyed by
   * the catalog's (lower-case) name.
   */
  readonly settings: Readonly<Record<string, LiveSetting>>;
  /** Managed roles that exist (absent key: role does not exist). */
  readonly roles: Readonly<Record<string, LiveRole>>;
  /** Direct grants (not inherited, not PUBLIC) of every managed role that exists, on scope objects. */
  readonly grants: Readonly<Record<string, LiveGrants>>;
  readonly publications: Readonly<Record<string, LivePublication>>;
  /** Tables the desired state names (published, granted or copied to the target). */
  readonly tables: Readonly<Record<string, LiveTable>>;
  /** Undefined when pg_hba_file_rules is not readable by the login. */
  readonly hba?: readonly HbaRule[];
  readonly slots: readonly LiveSlot[];
}

export interface LiveSubscription {
  readonly enabled: boolean;
  readonly publications: readonly string[];
  readonly slotName: string | null;
  /** The owning role: ALTER SUBSCRIPTION needs it (or superuser). */
  readonly owner?: string;
  /**
   * Options by their CREATE SUBSCRIPTION names, as text (`binary: 'true'`, `streaming: 'off'`). Only
   * those the server version has and the login may read: `synchronous_commit` is superuser-only on
   * 12 and 13, so an absent option means "unknown", not "default".
   */
  readonly options: Readonly<Record<string, string>>;
  /**
   * Fingerprint of the connection replctl last set, so a changed conninfo or password is seen; kept
   * in the subscription's COMMENT as `replctl:<fingerprint>`.
   */
  readonly connectionFingerprint?: string;
  /** `pg_subscription_rel.srsubstate` per table: i, d, f, s, r. */
  readonly tables: Readonly<Record<string, { readonly state: string }>>;
}

export interface LiveTarget {
  readonly serverVersionNum: number;
  readonly database: string;
  readonly databaseExists: boolean;
  /**
   * The running values of the always-read replication settings and of the desired parameter group's
   * names, read on the target URL's database (settings are cluster-wide).
   */
  readonly settings?: Readonly<Record<string, LiveSetting>>;
  /** Scope schemas that exist in the replicated database. */
  readonly schemas: readonly string[];
  readonly tables: Readonly<Record<string, LiveTable>>;
  readonly subscriptions: Readonly<Record<string, LiveSubscription>>;
}

export interface LiveRdsParameter {
  readonly value: string | undefined;
  readonly applyType: 'static' | 'dynamic';
  readonly source: string;
  readonly isModifiable: boolean;
}

export interface LiveRds {
  readonly instance: {
    readonly identifier: string;
    readonly status: string;
    readonly engineVersion: string;
    readonly parameterGroupName: string;
    /** in-sync | pending-reboot | applying */
    readonly parameterApplyStatus: string;
  };
  /** The desired group when it exists, with its user-set parameters. */
  readonly parameterGroup?: {
    readonly name: string;
    readonly family: string;
    readonly description: string;
    readonly parameters: Readonly<Record<string, LiveRdsParameter>>;
  };
  /**
   * ApplyType of every desired parameter the engine knows, whoever set it: from the desired group,
   * or from the instance's current group while the desired one does not exist yet. Decides
   * `immediate` (dynamic) or `pending-reboot` (static) in ModifyDBParameterGroup. Keyed by the
   * lower-case name, as RDS spells parameters.
   */
  readonly applyTypes?: Readonly<Record<string, 'static' | 'dynamic'>>;
}
