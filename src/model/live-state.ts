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
}

export interface LiveRole {
  readonly login: boolean;
  readonly replication: boolean;
  readonly superuser: boolean;
  readonly connectionLimit: number;
  /** Fingerprint of the password replctl last set (never the secret or its verifier). */
  readonly passwordFingerprint?: string;
}

export interface LiveGrants {
  readonly connect: boolean;
  readonly usage: readonly string[];
  /** Tables the role may SELECT, qualified names. */
  readonly select: readonly string[];
}

export interface LivePublication {
  readonly owner: string;
  readonly allTables: boolean;
  readonly publish: readonly ('insert' | 'update' | 'delete' | 'truncate')[];
  readonly publishViaPartitionRoot: boolean;
  readonly tables: Readonly<
    Record<string, { readonly columns?: readonly string[]; readonly where?: string }>
  >;
  readonly schemas: readonly string[];
}

export interface LiveColumn {
  readonly name: string;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(200)`. */
  readonly type: string;
  readonly notNull: boolean;
}

export interface LiveTable {
  readonly columns: readonly LiveColumn[];
  readonly primaryKey: readonly string[];
  /** `relreplident`: d default (primary key), n nothing, f full, i index. */
  readonly replicaIdentity: 'd' | 'n' | 'f' | 'i';
  /** Columns of the replica identity index when replicaIdentity is `i`. */
  readonly replicaIdentityColumns?: readonly string[];
  /** r plain table, p partitioned table. */
  readonly kind: 'r' | 'p';
  readonly isPartition: boolean;
  /** `reltuples` estimate (cheap): whether the table holds rows, for copy_data warnings. */
  readonly estimatedRows: number;
}

export interface LiveSlot {
  readonly name: string;
  readonly plugin: string | null;
  readonly slotType: 'logical' | 'physical';
  readonly database: string | null;
  readonly active: boolean;
  readonly retainedWalBytes: number | null;
}

export interface HbaRule {
  readonly lineNumber: number;
  readonly type: string;
  readonly databases: readonly string[];
  readonly users: readonly string[];
  readonly address: string | null;
  readonly netmask: string | null;
  readonly authMethod: string | null;
  readonly error: string | null;
}

export interface LiveSource {
  readonly serverVersionNum: number;
  readonly database: string;
  /** Every setting the desired state names, plus those the planner and linter always need. */
  readonly settings: Readonly<Record<string, LiveSetting>>;
  /** Managed roles that exist (absent key: role does not exist). */
  readonly roles: Readonly<Record<string, LiveRole>>;
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
  /** Options by their CREATE SUBSCRIPTION names, as text (`binary: 'true'`, `streaming: 'off'`). */
  readonly options: Readonly<Record<string, string>>;
  /** Fingerprint of the connection replctl last set, so a changed conninfo or password is seen. */
  readonly connectionFingerprint?: string;
  /** `pg_subscription_rel.srsubstate` per table: i, d, f, s, r. */
  readonly tables: Readonly<Record<string, { readonly state: string }>>;
}

export interface LiveTarget {
  readonly serverVersionNum: number;
  readonly database: string;
  readonly databaseExists: boolean;
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
}
