import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../support/build-once.js';
import { fullReliability, reportFigures } from '../support/reliability.js';
import { type CliResult, replctl } from '../support/replctl-cli.js';
import { type HostileCase, hostileCases } from './hostile-cases.js';
import { type CountingListeners, startCountingListeners } from './support/counting-listeners.js';

/**
 * Design §9: malformed changesets never reach a database. Every hostile case (hostile-cases.ts)
 * and, in the full run, every project of test/fixtures/invalid goes through the real CLI's
 * `validate`, `plan` and `apply --auto-approve` with the environment's source, target and RDS API
 * pointed at loopback listeners that count what connects to them: each command must end with
 * exit 1 and an error naming the file, line and what was expected, without a stack trace, without
 * echoing a secret, and without one connection. A control run of the valid base project proves
 * that the listeners do see a command that connects.
 */

const base = 'test/fixtures/hostile/base';
const invalidRoot = 'test/fixtures/invalid';
const VALIDATE = ['validate'];
const COMMANDS: readonly (readonly string[])[] = [VALIDATE, ['plan'], ['apply', '--auto-approve']];
/**
 * The commands a case runs: all three in the full run; in the CI-sized one `apply` (the command
 * that would change something) for every case, and all three for every fourth.
 */
function commandsFor(index: number): readonly (readonly string[])[] {
  return fullReliability || index % 4 === 0 ? COMMANDS : [COMMANDS[2]!];
}
/** A password for the URLs: no output may show it either. */
const CONNECTION_PASSWORD = 'conn-pw-HOSTILE-7731';
/** Enough for every problem of a case with its position; far less than a case can make it print. */
const MAX_OUTPUT_CHARS = 20_000;
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

interface Outcome {
  readonly name: string;
  readonly codes: readonly (number | null)[];
  readonly connections: number;
}
const outcomes: Outcome[] = [];
let control: Outcome | undefined;
let workRoot: string;
const started = Date.now();

beforeAll(async () => {
  workRoot = await mkdtemp(join(tmpdir(), 'replctl-hostile-'));
  await buildOnce();
});
afterAll(async () => {
  await rm(workRoot, { recursive: true, force: true });
  const codes = outcomes.flatMap((o) => o.codes);
  const byCode = new Map<string, number>();
  for (const code of codes) byCode.set(String(code), (byCode.get(String(code)) ?? 0) + 1);
  reportFigures('hostile input', {
    cases: outcomes.length,
    'CLI runs': codes.length,
    ...Object.fromEntries([...byCode].map(([code, n]) => [`exit ${code}`, n])),
    'connections opened': outcomes.reduce((sum, o) => sum + o.connections, 0),
    'control run connections': control?.connections ?? 'not run',
    seconds: Math.round((Date.now() - started) / 1000),
  });
});

/** The CLI's whole environment: the listeners as source, target and RDS API, fake AWS keys. */
function environmentFor(listeners: CountingListeners, overrides: HostileCase['env'] = {}) {
  const url = (port: number, database: string) =>
    `postgresql://admin:${CONNECTION_PASSWORD}@127.0.0.1:${port}/${database}`;
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    SOURCE_DATABASE_URL: url(listeners.sourcePort, 'app'),
    TARGET_DATABASE_URL: url(listeners.targetPort, 'postgres'),
    // The test/fixtures/invalid projects name their URLs SRC and TGT.
    SRC: url(listeners.sourcePort, 'app'),
    TGT: url(listeners.targetPort, 'postgres'),
    SOURCE_PORT: String(listeners.sourcePort),
    REPLICATOR_PASSWORD: 'replicator-pw-HOSTILE-5521',
    AWS_ENDPOINT_URL_RDS: `http://127.0.0.1:${listeners.rdsPort}`,
    AWS_ACCESS_KEY_ID: 'AKIAHOSTILETEST',
    AWS_SECRET_ACCESS_KEY: 'hostile-test-secret-key',
    AWS_REGION: 'us-east-1',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The base project with the case's files written over it, in a directory of its own. */
async function projectFor(c: HostileCase): Promise<string> {
  const dir = join(workRoot, c.name);
  await cp(base, dir, { recursive: true });
  for (const [path, content] of Object.entries(c.files)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await rm(file, { force: true });
    if (content === null) continue;
    if (typeof content === 'object' && !Buffer.isBuffer(content)) await symlink(content.symlinkTo, file);
    else await writeFile(file, content);
  }
  return dir;
}

/** Runs the three commands against fresh listeners; returns their results and the connections. */
async function runCommands(
  project: string,
  commands: readonly (readonly string[])[],
  overrides?: HostileCase['env'],
): Promise<{ results: CliResult[]; connections: number }> {
  const listeners = await startCountingListeners();
  try {
    const env = environmentFor(listeners, overrides);
    const results: CliResult[] = [];
    for (const args of commands) results.push(await replctl(args, { project, env, timeoutMs: 120_000 }));
    const counts = listeners.counts();
    return { results, connections: counts.source + counts.target + counts.rds };
  } finally {
    await listeners.close();
  }
}

function expectCleanRefusal(result: CliResult, what: string, secrets: readonly string[]): void {
  const output = `${result.stdout}${result.stderr}`;
  expect(result.code, `${what}: exit code\n${output.slice(0, 4000)}`).toBe(1);
  expect(result.stderr, `${what}: no internal error`).not.toMatch(/internal error/);
  expect(STACK_FRAME.exec(output)?.[0], `${what}: a stack frame in the output`).toBeUndefined();
  expect(output.length, `${what}: output of bounded size`).toBeLessThan(MAX_OUTPUT_CHARS);
  for (const secret of [CONNECTION_PASSWORD, ...secrets])
    expect(output.includes(secret), `${what}: shows the secret ${secret}`).toBe(false);
}

describe('hostile input is refused before any connection', () => {
  it.concurrent('the control: the valid base project does connect (the listeners see it)', async () => {
    const project = await projectFor({ name: 'control', attacks: '', files: {}, says: /./ });
    // Only plan: it retries the listeners (which close every connection) for a minute; apply alike.
    const { results, connections } = await runCommands(project, COMMANDS.slice(0, 2));
    const [validate, plan] = results as [CliResult, CliResult];
    expect(validate.code, validate.stderr).toBe(0);
    for (const result of [plan]) {
      expect(result.code).toBe(1);
      // It says it is waiting before the minute of retries, then fails naming the endpoint.
      expect(result.stderr).toMatch(
        /^waiting for the (source database|target server) of environment "local" to accept connections \(.*\); retrying for up to 60 s$/m,
      );
      expect(result.stderr).toMatch(
        /^error: could not connect to the (source database|target server) of environment "local"/m,
      );
      expect(result.stderr).not.toContain(CONNECTION_PASSWORD);
    }
    expect(connections).toBeGreaterThanOrEqual(2);
    control = { name: 'control', codes: results.map((r) => r.code), connections };
  }, 300_000);

  it('the corpus is large and names no case twice', () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(hostileCases.map((c) => c.name)).size).toBe(hostileCases.length);
  });

  it.concurrent.each(hostileCases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const project = await projectFor(c);
    const commands = commandsFor(i);
    const { results, connections } = await runCommands(project, commands, c.env);
    outcomes.push({ name: c.name, codes: results.map((r) => r.code), connections });
    const secrets = c.secret === undefined ? [] : [c.secret];
    const problem = (text: string) => {
      if (c.at !== undefined) expect(text, `${c.name}: the position`).toContain(`${c.at}:`);
      expect(text, `${c.name}: the message`).toMatch(c.says);
    };
    for (const [j, result] of results.entries()) {
      const command = commands[j]!;
      if (command === VALIDATE && c.validate === 'accepts') {
        expect(result.code, result.stderr).toBe(0);
        continue;
      }
      expectCleanRefusal(result, `${c.name}: ${command.join(' ')}`, secrets);
      expect(result.stderr).toMatch(command === VALIDATE ? /\d+ problems? found\n$/ : /^error: /);
      problem(result.stderr);
    }
    expect(connections, `${c.name}: connections to the source, target or RDS API`).toBe(0);
  });
});

describe.runIf(fullReliability)('every invalid fixture, through the CLI, before any connection', async () => {
  const fixtures = (await readdir(invalidRoot, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it.concurrent.each(fixtures)('%s', async (name) => {
    const dir = join(invalidRoot, name);
    const expected = (await readFile(join(dir, 'expected.txt'), 'utf8')).split('\n').filter(Boolean);
    const first = expected.find((line) => !line.startsWith('!'))!;
    const where = /^(\S+:\d+:\d+): /.exec(first)![1]!;
    const secrets = expected.filter((line) => line.startsWith('!')).map((line) => line.slice(1));
    const { results, connections } = await runCommands(join(process.cwd(), dir), COMMANDS);
    outcomes.push({ name: `invalid/${name}`, codes: results.map((r) => r.code), connections });
    for (const [i, result] of results.entries()) {
      expectCleanRefusal(result, `${name}: ${COMMANDS[i]!.join(' ')}`, secrets);
      expect(result.stderr).toContain(where);
    }
    expect(connections, `${name}: connections`).toBe(0);
  });
});
