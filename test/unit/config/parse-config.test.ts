import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';

const problems = (text: string) =>
  parseConfig(text, 'replctl.yaml').diagnostics.map(
    (d) => `${d.position?.line}:${d.position?.column} ${d.message}`,
  );

const minimal = `environments:
  dev:
    source: { url: { env: SRC } }
    target: { url: { env: TGT } }
`;

describe('parseConfig', () => {
  it("reads the repository's replctl.yaml with the local environment wired to its variables", () => {
    const { loaded, diagnostics } = parseConfig(readFileSync('replctl.yaml', 'utf8'), 'replctl.yaml');
    expect(diagnostics).toEqual([]);
    expect(loaded?.config).toEqual({
      changesets: 'changesets',
      environments: {
        local: {
          source: {
            url: { env: 'SOURCE_DATABASE_URL' },
            restart: { kind: 'command', command: 'replctl local restart source' },
          },
          target: {
            url: { env: 'TARGET_DATABASE_URL' },
            rds: { instance: 'reporting-replica', region: 'us-east-1' },
            journalSchema: 'replctl',
          },
          subscriptionConnection: {
            host: '127.0.0.1',
            port: { env: 'SOURCE_PORT' },
            dbname: 'app',
            user: 'replicator',
            password: { env: 'REPLICATOR_PASSWORD' },
            sslmode: 'prefer',
          },
        },
      },
    });
  });

  it('fills in defaults: changesets folder, manual restart, journal schema', () => {
    const env = parseConfig(minimal, 'replctl.yaml').loaded?.config;
    expect(env?.changesets).toBe('changesets');
    expect(env?.environments.dev?.source.restart).toEqual({ kind: 'manual' });
    expect(env?.environments.dev?.target.journalSchema).toBe('replctl');
  });

  it('accepts restart: manual and literal URLs without a password', () => {
    const text = minimal
      .replace(
        'source: { url: { env: SRC } }',
        'source: { url: "postgresql://me@db:5432/app", restart: manual }',
      )
      .replace('{ env: TGT }', '"postgres://rds.example/app?sslmode=require"');
    expect(problems(text)).toEqual([]);
  });

  it('refuses literal URLs holding a password, without echoing them', () => {
    const text = minimal
      .replace('{ env: SRC }', '"postgresql://me:hunter2@db/app"')
      .replace('{ env: TGT }', '"postgresql://db/app?password=hunter2"');
    const found = problems(text);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^3:20 expected the URL as a reference .* because it holds a password/);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('refuses a literal subscription password, without echoing it', () => {
    const text = `${minimal}    subscriptionConnection: { host: h, dbname: app, user: r, password: hunter2 }\n`;
    const found = problems(text);
    expect(found).toEqual([
      '5:72 expected a reference { env: NAME } or { file: PATH }, but got text: secrets are never written literally, only where to find them',
    ]);
  });

  it('needs a url for at least one side (both omitted would reach the same PG* server)', () => {
    expect(problems('environments:\n  dev:\n    source: {}\n    target: {}\n')).toEqual([
      '2:3 expected a url for the source or the target of environment "dev", but got neither: both would use the same PG* variables and reach the same server',
    ]);
  });

  it('reports every problem of the file at once', () => {
    const text = `changesets: ../elsewhere
environments:
  dev:
    source: { url: { env: SRC }, restart: { comand: x } }
    target: { url: { file: /etc/secret }, rds: { instanse: x } }
    subscriptionConnection: { host: h, dbname: app, user: r, port: 70000, sslmode: requre }
`;
    expect(problems(text)).toEqual([
      '4:34 expected key "command" (a shell command), but it is missing',
      '4:45 expected one of command, but got unknown key "comand" (did you mean "command"?)',
      '5:43 expected key "instance" (a DB instance identifier, or { env: NAME }), but it is missing',
      '5:50 expected one of instance, region, but got unknown key "instanse" (did you mean "instance"?)',
      '6:68 expected a port number from 1 to 65535, or { env: NAME }, but got the number 70000',
      '6:84 expected one of disable, allow, prefer, require, verify-ca, verify-full, or { env: NAME }, but got text "requre"',
    ]);
  });

  it('checks paths once the schema is satisfied', () => {
    const text = minimal
      .replace('environments:', 'changesets: ../elsewhere\nenvironments:')
      .replace('{ env: TGT }', '{ file: ../../etc/secret }');
    expect(problems(text)).toEqual([
      '1:13 expected a path inside the project directory, but got "../elsewhere", which leaves it through ".."',
      '5:28 expected a path inside the project directory, but got "../../etc/secret", which leaves it through ".."',
    ]);
  });
});
