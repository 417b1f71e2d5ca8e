import type { SourceMap } from '../changesets/source-map.js';
import type { SourcePosition } from '../errors.js';
import type { SecretRef, ValueOrRef } from '../model/secret-ref.js';

/** `replctl.yaml` (design §3), with defaults filled in. Values stay references until resolved. */
export interface ReplctlConfig {
  /** The changesets folder, relative to the project directory. */
  readonly changesets: string;
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
}

export interface EnvironmentConfig {
  readonly source: SourceConfig;
  readonly target: TargetConfig;
  /** How the target reaches the source (CREATE SUBSCRIPTION ... CONNECTION). */
  readonly subscriptionConnection?: SubscriptionConnectionConfig;
}

/** How a source restart happens: a shell command, or the operator (apply stops at a manual step). */
export type RestartConfig =
  | { readonly kind: 'command'; readonly command: string }
  | { readonly kind: 'manual' };

export interface SourceConfig {
  /** A libpq URL (it may hold a password). Absent: the PG* environment variables apply. */
  readonly url?: ValueOrRef<string>;
  readonly restart: RestartConfig;
}

export interface TargetConfig {
  readonly url?: ValueOrRef<string>;
  /** Absent: no RDS API (parameter groups are then not managed). */
  readonly rds?: { readonly instance: ValueOrRef<string>; readonly region?: ValueOrRef<string> };
  /** Where the journal lives in the target URL's database (default `replctl`). */
  readonly journalSchema: string;
}

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface SubscriptionConnectionConfig {
  readonly host: ValueOrRef<string>;
  /** Default 5432. */
  readonly port?: ValueOrRef<number>;
  readonly dbname: ValueOrRef<string>;
  readonly user: ValueOrRef<string>;
  readonly password?: SecretRef;
  readonly sslmode?: ValueOrRef<SslMode>;
}

/** The configuration with where it was read from, so later errors can point into it. */
export interface LoadedConfig {
  readonly file: string;
  readonly config: ReplctlConfig;
  readonly positions: SourceMap;
}

/** Where a value sits in a configuration file, for messages: path and position. */
export interface ConfigLocation {
  /** e.g. `environments.local.source.url`. */
  readonly path: string;
  readonly position?: SourcePosition;
}
