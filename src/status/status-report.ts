import type { RunRecord } from '../apply/journal-records.js';

/**
 * What `replctl status` reports (and prints as JSON with `--format json`): per subscription its
 * workers, the source's walsender, lag and table states; every slot on the source; what restart or
 * reboot is owed; and where the journal says the environment stands.
 */
export interface StatusReport {
  readonly environment: string;
  /** When the catalogs were read (ISO 8601). */
  readonly checkedAt: string;
  readonly source: {
    readonly serverVersionNum: number;
    readonly walLevel: string;
    /** pg_current_wal_lsn() (the last received position on a standby). */
    readonly currentLsn: string;
    /** Settings changed but not in effect until the source restarts. */
    readonly pendingRestart: readonly string[];
  };
  readonly target: {
    readonly serverVersionNum: number;
    readonly database: string;
    readonly databaseExists: boolean;
  };
  /** Absent when the environment has no RDS API. */
  readonly rds?: {
    readonly instance: string;
    readonly status: string;
    readonly parameterGroup: string;
    /** in-sync, pending-reboot or applying. */
    readonly parameterApplyStatus: string;
  };
  readonly subscriptions: readonly SubscriptionStatus[];
  readonly slots: readonly SlotStatus[];
  readonly journal: {
    /** The highest changeset version applied; null: never applied. */
    readonly liveVersion: number | null;
    readonly latestVersion: number;
    /** The last runs, newest first. */
    readonly runs: readonly RunRecord[];
  };
  /** What needs attention, one sentence each (also in the text form). Empty: all is well. */
  readonly attention: readonly string[];
}

export interface SubscriptionStatus {
  readonly name: string;
  /** False when the desired subscription does not exist on the target (yet). */
  readonly exists: boolean;
  readonly enabled: boolean | null;
  readonly slotName: string | null;
  readonly applyWorker: {
    readonly running: boolean;
    readonly pid: number | null;
    readonly receivedLsn: string | null;
    readonly latestEndLsn: string | null;
    /** Seconds since the last message from the source arrived. */
    readonly secondsSinceMessage: number | null;
    /** Table sync workers running now. */
    readonly syncWorkers: number;
  };
  /** The source's walsender for the subscription's slot, or null when none streams it. */
  readonly walsender: {
    readonly pid: number;
    /** startup, catchup, streaming, backup or stopping. */
    readonly state: string | null;
    readonly clientAddress: string | null;
    readonly sentLsn: string | null;
    readonly replayLsn: string | null;
  } | null;
  readonly lag: {
    /** The source's WAL position minus what the subscriber confirmed (slot confirmed_flush_lsn). */
    readonly bytes: number | null;
    /** pg_stat_replication.replay_lag; null when idle and caught up (or not streaming). */
    readonly seconds: number | null;
  };
  /** pg_subscription_rel states (i init, d copying, f finished copy, s synced, r ready) per table. */
  readonly tables: readonly { readonly table: string; readonly state: string }[];
  /** pg_stat_subscription_stats counters (15+: apply_error_count, sync_error_count; 18+: conflicts). */
  readonly counters: Readonly<Record<string, number>> | null;
}

export interface SlotStatus {
  readonly name: string;
  readonly slotType: string;
  readonly database: string | null;
  readonly active: boolean;
  readonly retainedWalBytes: number | null;
  readonly lagBytes: number | null;
  /** How far the consumer has confirmed (logical slots). */
  readonly confirmedFlushLsn: string | null;
  readonly walStatus: string | null;
  /** The subscription replctl knows that uses the slot. */
  readonly subscription: string | null;
}
