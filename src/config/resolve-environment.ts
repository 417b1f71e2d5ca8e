import { didYouMean } from '../changesets/did-you-mean.js';
import { displayPath, pointerOf } from '../changesets/json-pointer.js';
import { ReplctlError } from '../errors.js';
import type { SecretRef, ValueOrRef } from '../model/secret-ref.js';
import type { ConfigLocation, EnvironmentConfig, LoadedConfig, RestartConfig, SslMode } from './config.js';
import { resolveValue } from './resolve.js';
import type { ResolveContext } from './resolve-context.js';
import { isPostgresUrl } from './url-literal.js';

/** An environment with every reference resolved except passwords, which stay references. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly source: {
    /** Undefined: connect with the PG* environment variables (libpq conventions, as `pg` does). */
    readonly connectionString: string | undefined;
    readonly restart: RestartConfig;
  };
  readonly target: {
    readonly connectionString: string | undefined;
    readonly rds?: { readonly instance: string; readonly region?: string };
    readonly journalSchema: string;
  };
  readonly subscriptionConnection?: ResolvedSubscriptionConnection;
}

/**
 * The CONNECTION of CREATE SUBSCRIPTION. The password stays a reference so plans never hold it;
 * apply resolves it with `resolveSecret` at the moment it runs the statement.
 */
export interface ResolvedSubscriptionConnection {
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly user: string;
  readonly password?: SecretRef;
  readonly sslmode?: SslMode;
}

const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * The environment called `name`; without a name, `local` when there is one, else the only one.
 * @throws ReplctlError naming the environments there are.
 */
export function selectEnvironment(
  loaded: LoadedConfig,
  name?: string,
): { readonly name: string; readonly environment: EnvironmentConfig } {
  const names = Object.keys(loaded.config.environments);
  const chosen = name ?? (names.includes('local') ? 'local' : names.length === 1 ? names[0] : undefined);
  if (chosen === undefined) {
    throw new ReplctlError(
      `expected --env with one of ${names.join(', ')} (${loaded.file} defines several), but got none`,
    );
  }
  const environment = Object.hasOwn(loaded.config.environments, chosen)
    ? loaded.config.environments[chosen]
    : undefined;
  if (!environment) {
    throw new ReplctlError(
      `expected an environment defined in ${loaded.file} (${names.join(', ')}), but got "${chosen}"${didYouMean(chosen, names)}`,
    );
  }
  return { name: chosen, environment };
}

/** Resolves what a command needs to reach an environment. */
export function resolveEnvironment(
  loaded: LoadedConfig,
  name: string | undefined,
  ctx: ResolveContext,
): ResolvedEnvironment {
  const selected = selectEnvironment(loaded, name);
  const env = selected.environment;
  const at = (...path: string[]): ConfigLocation => {
    const pointer = pointerOf(['environments', selected.name, ...path]);
    return { path: displayPath(pointer), position: loaded.positions.value(pointer) };
  };
  const text = (value: ValueOrRef<string>, ...path: string[]) =>
    resolveValue(value, at(...path), ctx, (t) => t, 'text');
  const url = (value: ValueOrRef<string> | undefined, side: 'source' | 'target') =>
    value === undefined
      ? undefined
      : resolveValue(
          value,
          at(side, 'url'),
          ctx,
          (t) => (isPostgresUrl(t) ? t : undefined),
          'a postgresql:// URL',
        );
  const rds = env.target.rds;
  return {
    name: selected.name,
    source: { connectionString: url(env.source.url, 'source'), restart: env.source.restart },
    target: {
      connectionString: url(env.target.url, 'target'),
      ...(rds
        ? {
            rds: {
              instance: text(rds.instance, 'target', 'rds', 'instance'),
              ...(rds.region !== undefined ? { region: text(rds.region, 'target', 'rds', 'region') } : {}),
            },
          }
        : {}),
      journalSchema: env.target.journalSchema,
    },
    ...(env.subscriptionConnection
      ? { subscriptionConnection: resolveSubscriptionConnection(env.subscriptionConnection, at, ctx) }
      : {}),
  };
}

function resolveSubscriptionConnection(
  conn: NonNullable<EnvironmentConfig['subscriptionConnection']>,
  at: (...path: string[]) => ConfigLocation,
  ctx: ResolveContext,
): ResolvedSubscriptionConnection {
  const text = (value: ValueOrRef<string>, key: string) =>
    resolveValue(value, at('subscriptionConnection', key), ctx, (t) => t, 'text');
  const port =
    conn.port === undefined
      ? 5432
      : resolveValue(
          conn.port,
          at('subscriptionConnection', 'port'),
          ctx,
          parsePort,
          'a port number from 1 to 65535',
        );
  const sslmode =
    conn.sslmode === undefined
      ? undefined
      : resolveValue(
          conn.sslmode,
          at('subscriptionConnection', 'sslmode'),
          ctx,
          (t) => SSL_MODES.find((m) => m === t),
          `an sslmode (${SSL_MODES.join(', ')})`,
        );
  return {
    host: text(conn.host, 'host'),
    port,
    dbname: text(conn.dbname, 'dbname'),
    user: text(conn.user, 'user'),
    ...(conn.password ? { password: conn.password } : {}),
    ...(sslmode ? { sslmode } : {}),
  };
}

function parsePort(text: string): number | undefined {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : Number.NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
}
