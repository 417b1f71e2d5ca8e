import type { LocalEnvironment } from './environment.js';
import { connectionUrl } from './postgres/local-cluster.js';

/**
 * What replctl.yaml's `local` environment reads (design §3), in the order `local env` prints it.
 * The AWS keys are placeholders: the local RDS endpoint does not check signatures, but the SDK's
 * credential chain must find some.
 */
export function environmentVariables(env: LocalEnvironment): readonly (readonly [string, string])[] {
  const { source, target, state } = env;
  return [
    ['SOURCE_DATABASE_URL', source.superuserUrl(state.sourceDatabase)],
    [
      'TARGET_DATABASE_URL',
      connectionUrl({
        host: target.state.host,
        port: target.port,
        user: state.target.login,
        password: state.target.loginPassword,
        database: 'postgres',
      }),
    ],
    ['SOURCE_PORT', String(source.port)],
    ['REPLICATOR_PASSWORD', state.replicatorPassword],
    ['AWS_ENDPOINT_URL_RDS', state.rds.daemon?.url ?? ''],
    ['AWS_REGION', state.rds.region],
    ['AWS_ACCESS_KEY_ID', 'replctl-local'],
    ['AWS_SECRET_ACCESS_KEY', 'replctl-local'],
  ];
}

/** `export NAME='value'` lines for `eval` in sh, bash and zsh. */
export function shellExports(variables: readonly (readonly [string, string])[]): string {
  return variables.map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join('');
}

/** One POSIX shell word: single quotes, each embedded one as '\'' */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
