import type { PublishOperation, SettingValue } from '../model/desired-state.js';
import type { SecretRef } from '../model/secret-ref.js';

/**
 * What diff finds: small readonly records, one per kind of change, each batching every object of
 * its kind (one GrantSelect for all tables of a role). Tables are qualified names in canonical
 * changeset spelling (`public.users`); `reasons` are the desired-state paths a change serves (table
 * keys in that canonical spelling too).
 * `order` turns them into plan steps; nothing here is SQL yet.
 */
interface ChangeBase {
  readonly reasons: readonly string[];
}

// Source settings.

/** ALTER SYSTEM SET; `needsRestart` when the setting's context is postmaster. */
export interface SetSetting extends ChangeBase {
  readonly kind: 'SetSetting';
  readonly name: string;
  readonly value: string;
  readonly needsRestart: boolean;
}
/** ALTER SYSTEM RESET: the setting left the desired state. */
export interface ResetSetting extends ChangeBase {
  readonly kind: 'ResetSetting';
  readonly name: string;
  readonly needsRestart: boolean;
}
/** pg_reload_conf() after ALTER SYSTEM, so sighup settings apply and pending_restart is set. */
export interface ReloadSource extends ChangeBase {
  readonly kind: 'ReloadSource';
}
/** A restart (and the wait for it) owed by changed postmaster settings or a live pending_restart. */
export interface RestartSource extends ChangeBase {
  readonly kind: 'RestartSource';
  readonly settings: readonly string[];
  /** How the restarted server shows the settings ALTER SYSTEM changed: how apply tells it is done. */
  readonly restartedWith: readonly RunningSetting[];
}
/**
 * A postmaster setting as pg_settings shows it once the server runs with it: `setting` in
 * pg_settings terms, and whether the running value must equal it (a set value) or differ from it
 * (a reset one, whose new value the files decide: `setting` is then the value before the reset).
 */
export interface RunningSetting {
  readonly name: string;
  readonly setting: string;
  readonly equal: boolean;
}

// Roles and grants.

export interface RolePassword {
  readonly ref: SecretRef;
  /** Recorded in the role's COMMENT. */
  readonly fingerprint: string;
}
export interface CreateRole extends ChangeBase {
  readonly kind: 'CreateRole';
  readonly name: string;
  readonly login?: boolean;
  readonly replication?: boolean;
  readonly connectionLimit?: number;
  readonly password?: RolePassword;
}
/** Only the attributes that differ. */
export interface AlterRole extends ChangeBase {
  readonly kind: 'AlterRole';
  readonly name: string;
  readonly login?: boolean;
  readonly replication?: boolean;
  readonly connectionLimit?: number;
}
/** A rotation; null removes the password replctl set (the key was set to null). */
export interface SetRolePassword extends ChangeBase {
  readonly kind: 'SetRolePassword';
  readonly name: string;
  readonly password: RolePassword | null;
}
export interface DropRole extends ChangeBase {
  readonly kind: 'DropRole';
  readonly name: string;
}
export interface GrantConnect extends ChangeBase {
  readonly kind: 'GrantConnect';
  readonly role: string;
  readonly database: string;
}
export interface RevokeConnect extends ChangeBase {
  readonly kind: 'RevokeConnect';
  readonly role: string;
  readonly database: string;
}
export interface GrantUsage extends ChangeBase {
  readonly kind: 'GrantUsage';
  readonly role: string;
  readonly schemas: readonly string[];
}
export interface RevokeUsage extends ChangeBase {
  readonly kind: 'RevokeUsage';
  readonly role: string;
  readonly schemas: readonly string[];
}
export interface GrantSelect extends ChangeBase {
  readonly kind: 'GrantSelect';
  readonly role: string;
  readonly tables: readonly string[];
}
export interface RevokeSelect extends ChangeBase {
  readonly kind: 'RevokeSelect';
  readonly role: string;
  readonly tables: readonly string[];
}

// Publications.

export interface PublishedTable {
  readonly table: string;
  /** Column list (PostgreSQL 15+), in the order written. */
  readonly columns?: readonly string[];
  /** Row filter (PostgreSQL 15+), SQL without WHERE. */
  readonly where?: string;
}
export interface CreatePublication extends ChangeBase {
  readonly kind: 'CreatePublication';
  readonly name: string;
  readonly allTables: boolean;
  readonly tables: readonly PublishedTable[];
  readonly schemas: readonly string[];
  readonly publish?: readonly PublishOperation[];
  readonly publishViaPartitionRoot?: boolean;
  /**
   * A live subscription in scope already names it (say, one left from before it was dropped): its
   * walsender streams the members the moment it exists, so their target tables must exist first.
   * Subscriptions no changeset names are not read: should one name it, its apply worker fails
   * until the tables exist, seconds later, then resumes from its slot (nothing is lost).
   */
  readonly subscribed: boolean;
}
/** Only the options that differ. */
export interface SetPublicationOptions extends ChangeBase {
  readonly kind: 'SetPublicationOptions';
  readonly name: string;
  readonly publish?: readonly PublishOperation[];
  readonly publishViaPartitionRoot?: boolean;
}
export interface AddPublicationTables extends ChangeBase {
  readonly kind: 'AddPublicationTables';
  readonly publication: string;
  readonly tables: readonly PublishedTable[];
  /** TABLES IN SCHEMA (PostgreSQL 15+). */
  readonly schemas: readonly string[];
}
/** Members whose column list or row filter changed: dropped and added back in one transaction. */
export interface ReplacePublicationTables extends ChangeBase {
  readonly kind: 'ReplacePublicationTables';
  readonly publication: string;
  readonly tables: readonly PublishedTable[];
}
export interface DropPublicationTables extends ChangeBase {
  readonly kind: 'DropPublicationTables';
  readonly publication: string;
  readonly tables: readonly string[];
  readonly schemas: readonly string[];
}
export interface DropPublication extends ChangeBase {
  readonly kind: 'DropPublication';
  readonly name: string;
  /** Its live member tables (a REVOKE SELECT on them waits for the drop). */
  readonly tables: readonly string[];
}

// Target database and tables.

export interface CreateTargetDatabase extends ChangeBase {
  readonly kind: 'CreateTargetDatabase';
  readonly name: string;
}
export interface CreateTargetSchemas extends ChangeBase {
  readonly kind: 'CreateTargetSchemas';
  readonly schemas: readonly string[];
}
export interface TargetColumn {
  readonly name: string;
  /** format_type output or the type as written: emitted as is. */
  readonly type: string;
  readonly notNull: boolean;
}
export interface TargetTableDefinition {
  readonly table: string;
  readonly columns: readonly TargetColumn[];
  readonly primaryKey: readonly string[];
}
export interface CreateTargetTables extends ChangeBase {
  readonly kind: 'CreateTargetTables';
  readonly tables: readonly TargetTableDefinition[];
}
/** Additive only: published columns the target table lacks (added nullable). */
export interface AddTargetColumns extends ChangeBase {
  readonly kind: 'AddTargetColumns';
  readonly tables: readonly { readonly table: string; readonly columns: readonly TargetColumn[] }[];
}

// RDS.

export type ApplyMethod = 'immediate' | 'pending-reboot';
export interface CreateParameterGroup extends ChangeBase {
  readonly kind: 'CreateParameterGroup';
  readonly name: string;
  readonly family: string;
  readonly description: string;
}
export interface ModifyParameterGroup extends ChangeBase {
  readonly kind: 'ModifyParameterGroup';
  readonly group: string;
  /** Sorted by name; order splits them into calls of at most 20. */
  readonly parameters: readonly {
    readonly name: string;
    readonly value: string;
    readonly applyMethod: ApplyMethod;
  }[];
}
export interface ResetParameters extends ChangeBase {
  readonly kind: 'ResetParameters';
  readonly group: string;
  readonly parameters: readonly { readonly name: string; readonly applyMethod: ApplyMethod }[];
}
export interface AttachParameterGroup extends ChangeBase {
  readonly kind: 'AttachParameterGroup';
  readonly instance: string;
  readonly group: string;
}
/** RebootDBInstance and the wait for the instance to be available and in-sync. */
export interface RebootInstance extends ChangeBase {
  readonly kind: 'RebootInstance';
  readonly instance: string;
}
/** Only the wait: a reboot or an immediate apply is already under way. */
export interface WaitInstanceInSync extends ChangeBase {
  readonly kind: 'WaitInstanceInSync';
  readonly instance: string;
}

// Subscriptions.

export interface SubscriptionConnectionValue {
  /** libpq keywords; the password stays a reference. */
  readonly conninfo: Readonly<Record<string, string | SecretRef>>;
  /** Recorded in the subscription's COMMENT. */
  readonly fingerprint: string;
}
export interface CreateSubscription extends ChangeBase {
  readonly kind: 'CreateSubscription';
  readonly name: string;
  readonly publications: readonly string[];
  readonly enabled?: boolean;
  readonly options: Readonly<Record<string, SettingValue>>;
  readonly connection: SubscriptionConnectionValue;
}
export interface SetSubscriptionConnection extends ChangeBase {
  readonly kind: 'SetSubscriptionConnection';
  readonly name: string;
  readonly connection: SubscriptionConnectionValue;
}
/** Only the options that differ. */
export interface SetSubscriptionOptions extends ChangeBase {
  readonly kind: 'SetSubscriptionOptions';
  readonly name: string;
  readonly options: Readonly<Record<string, SettingValue>>;
}
export interface SetSubscriptionPublications extends ChangeBase {
  readonly kind: 'SetSubscriptionPublications';
  readonly name: string;
  readonly publications: readonly string[];
  /** Publications the subscription stops using (stops replicating their tables: destructive). */
  readonly removed: readonly string[];
  /** SET PUBLICATION refreshes (not in a transaction) unless the subscription is disabled. */
  readonly refresh: boolean;
  /** The desired `copy_data` (default true): whether tables entering are copied. */
  readonly copyData: boolean;
}
export interface SetSubscriptionEnabled extends ChangeBase {
  readonly kind: 'SetSubscriptionEnabled';
  readonly name: string;
  readonly enabled: boolean;
}
/**
 * REFRESH PUBLICATION: after members were added to (or, with `afterRemoval`, dropped from) the
 * publications it uses, or when a desired member has not reached the subscription yet.
 */
export interface RefreshSubscription extends ChangeBase {
  readonly kind: 'RefreshSubscription';
  readonly name: string;
  readonly publications: readonly string[];
  readonly afterRemoval: boolean;
  /**
   * A refresh before the publications take back tables the subscription still holds from a removal
   * whose own refresh never ran: it lets them go, so the refresh after the ADD TABLE copies them
   * again (a table kept in the subscription is never copied again, and missed the changes between).
   */
  readonly releasesStale?: boolean;
  /** The desired `copy_data` (default true): whether tables entering are copied. */
  readonly copyData: boolean;
}
/**
 * TRUNCATE of existing target tables about to enter a subscription that copies data: rows left from
 * an earlier subscription (a table removed, then added back) would collide with the initial copy,
 * whose worker would then retry forever. Destructive: it deletes target rows.
 */
export interface TruncateTargetTables extends ChangeBase {
  readonly kind: 'TruncateTargetTables';
  readonly subscription: string;
  readonly tables: readonly string[];
}
export interface WaitSubscriptionSynced extends ChangeBase {
  readonly kind: 'WaitSubscriptionSynced';
  readonly name: string;
}
export interface DropSubscription extends ChangeBase {
  readonly kind: 'DropSubscription';
  readonly name: string;
  /** The live publications it uses (they may be dropped only after it). */
  readonly publications: readonly string[];
}

export type Change =
  | SetSetting
  | ResetSetting
  | ReloadSource
  | RestartSource
  | CreateRole
  | AlterRole
  | SetRolePassword
  | DropRole
  | GrantConnect
  | RevokeConnect
  | GrantUsage
  | RevokeUsage
  | GrantSelect
  | RevokeSelect
  | CreatePublication
  | SetPublicationOptions
  | AddPublicationTables
  | ReplacePublicationTables
  | DropPublicationTables
  | DropPublication
  | CreateTargetDatabase
  | CreateTargetSchemas
  | CreateTargetTables
  | AddTargetColumns
  | CreateParameterGroup
  | ModifyParameterGroup
  | ResetParameters
  | AttachParameterGroup
  | RebootInstance
  | WaitInstanceInSync
  | CreateSubscription
  | SetSubscriptionConnection
  | SetSubscriptionOptions
  | SetSubscriptionPublications
  | SetSubscriptionEnabled
  | RefreshSubscription
  | TruncateTargetTables
  | WaitSubscriptionSynced
  | DropSubscription;

export type ChangeKind = Change['kind'];
