import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { resolveSecret } from '../../../src/config/resolve.js';
import type { ResolveContext } from '../../../src/config/resolve-context.js';
import { resolveEnvironment, selectEnvironment } from '../../../src/config/resolve-environment.js';
import { InputError } from '../../../src/errors.js';

const config = parseConfig(
  `environments:
  local:
    source: { url: { env: SOURCE_DATABASE_URL }, restart: { command: "replctl local restart source" } }
    target:
      url: { file: .secrets/target-url }
      rds: { instance: reporting-replica, region: { env: REGION } }
    subscriptionConnection:
      host: 127.0.0.1
      port: { env: SOURCE_PORT }
      dbname: app
      user: replicator
      password: { env: REPLICATOR_PASSWORD }
      sslmode: { env: SSLMODE }
  prod:
    source: { url: { env: PROD_SOURCE_URL } }
    target: {}
`,
  'replctl.yaml',
).loaded!;

function context(
  env: Record<string, string>,
  files: Record<string, string> = {},
  links: Record<string, string> = {},
): ResolveContext {
  return {
    env,
    projectDir: '/repo',
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    },
    realpath: (path) => links[path] ?? path,
  };
}

const SECRET = 'postgresql://admin:s3cr3t-pw@db.internal:5432/app';
const complete = {
  SOURCE_DATABASE_URL: SECRET,
  SOURCE_PORT: '5433',
  SSLMODE: 'require',
  REGION: 'eu-west-1',
};

function errorText(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('resolveEnvironment', () => {
  it('resolves references; passwords stay references', () => {
    const resolved = resolveEnvironment(
      config,
      'local',
      context(complete, { '/repo/.secrets/target-url': 'postgres://t/app\n' }),
    );
    expect(resolved).toEqual({
      name: 'local',
      source: {
        connectionString: SECRET,
        restart: { kind: 'command', command: 'replctl local restart source' },
      },
      target: {
        connectionString: 'postgres://t/app',
        rds: { instance: 'reporting-replica', region: 'eu-west-1' },
        journalSchema: 'replctl',
      },
      subscriptionConnection: {
        host: '127.0.0.1',
        port: 5433,
        dbname: 'app',
        user: 'replicator',
        password: { env: 'REPLICATOR_PASSWORD' },
        sslmode: 'require',
      },
    });
  });

  it('leaves an omitted url undefined so the PG* variables apply', () => {
    const resolved = resolveEnvironment(config, 'prod', context({ PROD_SOURCE_URL: SECRET }));
    expect(resolved.target.connectionString).toBeUndefined();
    expect(resolved.source.restart).toEqual({ kind: 'manual' });
  });

  it('names the unset variable and the config path with its position', () => {
    expect(errorText(() => resolveEnvironment(config, 'local', context({})))).toBe(
      'replctl.yaml:3:20: environments.local.source.url: expected environment variable SOURCE_DATABASE_URL to be set, but it is not',
    );
  });

  it('never puts a resolved value into an error', () => {
    const files = { '/repo/.secrets/target-url': 'mysql://admin:s3cr3t-pw@h/x' };
    const badUrl = errorText(() => resolveEnvironment(config, 'local', context(complete, files)));
    expect(badUrl).toBe(
      'replctl.yaml:5:12: environments.local.target.url: expected file:.secrets/target-url to hold a postgresql:// URL, but it holds something else',
    );
    const badPort = errorText(() =>
      resolveEnvironment(
        config,
        'local',
        context(
          { ...complete, SOURCE_PORT: 's3cr3t-pw' },
          { '/repo/.secrets/target-url': 'postgres://t/app' },
        ),
      ),
    );
    expect(badPort).toMatch(
      /subscriptionConnection.port: expected env:SOURCE_PORT to hold a port number from 1 to 65535/,
    );
    expect(`${badUrl}${badPort}`).not.toContain('s3cr3t');
  });

  it('reports a missing or empty secret file, and one that links out of the project', () => {
    expect(errorText(() => resolveEnvironment(config, 'local', context(complete)))).toMatch(
      /target.url: expected a readable file .secrets\/target-url \(relative to \/repo\), but got ENOENT/,
    );
    expect(
      errorText(() =>
        resolveEnvironment(config, 'local', context(complete, { '/repo/.secrets/target-url': '\n' })),
      ),
    ).toMatch(/expected file .secrets\/target-url to hold a value, but it is empty/);
    const links = { '/repo/.secrets/target-url': '/etc/shadow' };
    expect(
      errorText(() => resolveEnvironment(config, 'local', context(complete, { '/etc/shadow': 'x' }, links))),
    ).toMatch(
      /expected file .secrets\/target-url inside the project directory, but it links to a file outside it/,
    );
  });

  it('picks local by default and suggests a close name for a typo', () => {
    expect(selectEnvironment(config).name).toBe('local');
    expect(() => selectEnvironment(config, 'lcoal')).toThrow(
      'expected an environment defined in replctl.yaml (local, prod), but got "lcoal" (did you mean "local"?)',
    );
  });
});

describe('resolveSecret', () => {
  const where = { path: 'source.roles.replicator.password' };
  it('reads a variable or a file (dropping one trailing newline)', () => {
    expect(resolveSecret({ env: 'PW' }, where, context({ PW: 'x y' }))).toBe('x y');
    expect(resolveSecret({ file: 'pw' }, where, context({}, { '/repo/pw': 'secret\r\n' }))).toBe('secret');
    expect(resolveSecret({ file: 'pw' }, where, context({}, { '/repo/pw': 'a\n\n' }))).toBe('a\n');
  });
  it('treats an empty variable as an error', () => {
    expect(() => resolveSecret({ env: 'PW' }, where, context({ PW: '' }))).toThrow(
      'source.roles.replicator.password: expected environment variable PW to hold a value, but it is empty',
    );
  });
});
