import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downEnvironment,
  loadEnvironment,
  localRoot,
  upEnvironment,
} from '../../../src/local/environment.js';
import { type EnvironmentStatus, environmentStatus } from '../../../src/local/environment-status.js';
import { isAlive } from '../../../src/local/pid.js';
import { withClient } from '../../../src/local/with-client.js';
import { runCli } from './run-cli.js';

const VARIABLES = [
  'SOURCE_DATABASE_URL',
  'TARGET_DATABASE_URL',
  'SOURCE_PORT',
  'REPLICATOR_PASSWORD',
  'AWS_ENDPOINT_URL_RDS',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
] as const;

/** Evaluates `local env` output in bash and reads the variables back. */
function evalInBash(exports: string): Record<(typeof VARIABLES)[number], string> {
  const script = `eval "$1"; printf '%s\\0' ${VARIABLES.map((v) => `"$${v}"`).join(' ')}`;
  const values = execFileSync('bash', ['-c', script, 'bash', exports], { encoding: 'utf8' }).split('\0');
  return Object.fromEntries(VARIABLES.map((v, i) => [v, values[i]!])) as Record<
    (typeof VARIABLES)[number],
    string
  >;
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function portsOf(status: EnvironmentStatus): number[] {
  return status.components.map((c) => Number(c.address.split(':').at(-1)!.replace(/\D/g, '')));
}

function pidsOf(status: EnvironmentStatus): number[] {
  return status.components.map((c) => c.pid!);
}

describe('replctl local up, env, status, restart and down', () => {
  let projectA: string;
  let projectB: string;
  let first: EnvironmentStatus;

  beforeAll(async () => {
    projectA = await mkdtemp(join(tmpdir(), 'replctl-project-'));
    projectB = await mkdtemp(join(tmpdir(), 'replctl-project-'));
    await Promise.all([chmod(projectA, 0o755), chmod(projectB, 0o755)]);
  });
  afterAll(async () => {
    for (const project of [projectA, projectB]) {
      if (!project) continue;
      await downEnvironment(localRoot(project)).catch(() => undefined);
      await rm(project, { recursive: true, force: true });
    }
  });

  it('up creates the environment and exits, leaving every component running', async () => {
    const result = await runCli(['local', 'up'], projectA);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created the local environment in \.replctl\/local/);
    expect(result.stdout).toContain('eval "$(replctl local env)"');
    first = (await environmentStatus(localRoot(projectA)))!;
    expect(first.components.map((c) => [c.name, c.running])).toEqual([
      ['source', true],
      ['target', true],
      ['rds', true],
    ]);
    for (const port of portsOf(first)) expect(await listening(port)).toBe(true);
    // The passwords live in the state files, readable by their owner only.
    expect((await stat(join(localRoot(projectA), 'environment.json'))).mode & 0o077).toBe(0);
  });

  it('a second up reuses what runs, and refuses another major on either side without --fresh', async () => {
    const again = await runCli(['local', 'up'], projectA);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Reused/);
    const status = (await environmentStatus(localRoot(projectA)))!;
    expect(pidsOf(status)).toEqual(pidsOf(first));
    expect(portsOf(status)).toEqual(portsOf(first));
    await expect(upEnvironment({ root: localRoot(projectA), major: 12 })).rejects.toThrow(
      'runs PostgreSQL 17; use --fresh to recreate it with 12',
    );
    await expect(upEnvironment({ root: localRoot(projectA), targetMajor: 18 })).rejects.toThrow(
      'runs PostgreSQL 17; use --fresh to recreate it with 17 (source) and 18 (target)',
    );
  });

  it('up starts again what stopped, on the same ports', async () => {
    const env = await loadEnvironment(localRoot(projectA));
    await env.source.stop();
    process.kill(env.state.rds.daemon!.pid, 'SIGKILL');
    const stopped = await runCli(['local', 'status'], projectA);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/source\s+stopped/);
    expect(stopped.stdout).toMatch(/target\s+running/);
    expect(stopped.stdout).toMatch(/rds\s+stopped/);

    expect((await upEnvironment({ root: localRoot(projectA) })).created).toBe(false);
    const status = (await environmentStatus(localRoot(projectA)))!;
    expect(status.components.every((c) => c.running)).toBe(true);
    expect(portsOf(status)).toEqual(portsOf(first));
    expect(status.components[2]!.pid).not.toBe(first.components[2]!.pid);
    first = status;
  });

  it('env prints export lines that bash evaluates into working connections', async () => {
    const printed = await runCli(['local', 'env'], projectA);
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim().split('\n')).toHaveLength(VARIABLES.length);
    const vars = evalInBash(printed.stdout);
    expect(vars.AWS_REGION).toBe('us-east-1');
    expect(vars.REPLICATOR_PASSWORD).toMatch(/^[\w-]{20,}$/);
    await withClient(vars.SOURCE_DATABASE_URL, async (c) => {
      const { rows } = await c.query(
        `SELECT current_user AS "user", current_database() AS db, current_setting('port') AS port`,
      );
      expect(rows[0]).toEqual({ user: 'postgres', db: 'app', port: vars.SOURCE_PORT });
    });
    await withClient(vars.TARGET_DATABASE_URL, async (c) => {
      const { rows } = await c.query(
        `SELECT current_user AS "user", current_database() AS db, rolsuper FROM pg_roles WHERE rolname = current_user`,
      );
      expect(rows[0]).toEqual({ user: 'postgres', db: 'postgres', rolsuper: false });
    });
    const rds = new RDSClient({
      endpoint: vars.AWS_ENDPOINT_URL_RDS,
      region: vars.AWS_REGION,
      credentials: { accessKeyId: vars.AWS_ACCESS_KEY_ID, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY },
    });
    const described = await rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'reporting-replica' }),
    );
    expect(described.DBInstances?.[0]?.Endpoint?.Port).toBe(Number(new URL(vars.TARGET_DATABASE_URL).port));
    rds.destroy();
  });

  it('restart source restarts the source cluster on its port', async () => {
    const result = await runCli(['local', 'restart', 'source'], projectA);
    expect(result.code).toBe(0);
    const status = (await environmentStatus(localRoot(projectA)))!;
    expect(status.components[0]!.running).toBe(true);
    expect(status.components[0]!.pid).not.toBe(first.components[0]!.pid);
    expect(status.components[0]!.address).toBe(first.components[0]!.address);
    expect(status.components[1]!.pid).toBe(first.components[1]!.pid);
  });

  it('a second environment in another directory runs beside the first on ports of its own', async () => {
    await upEnvironment({ root: localRoot(projectB) });
    const a = (await environmentStatus(localRoot(projectA)))!;
    const b = (await environmentStatus(localRoot(projectB)))!;
    expect(b.components.every((c) => c.running)).toBe(true);
    expect(new Set([...portsOf(a), ...portsOf(b)]).size).toBe(6);
    const [envA, envB] = await Promise.all([
      loadEnvironment(localRoot(projectA)),
      loadEnvironment(localRoot(projectB)),
    ]);
    for (const env of [envA, envB]) {
      await withClient(env.source.superuserUrl('app'), (c) => c.query('SELECT 1'));
    }
    expect(envA.state.replicatorPassword).not.toBe(envB.state.replicatorPassword);
  });

  it('up --fresh replaces an environment with a new one', async () => {
    const before = await loadEnvironment(localRoot(projectB));
    const oldPids = pidsOf((await environmentStatus(localRoot(projectB)))!);
    const { created, environment } = await upEnvironment({ root: localRoot(projectB), fresh: true });
    expect(created).toBe(true);
    expect(environment.state.replicatorPassword).not.toBe(before.state.replicatorPassword);
    for (const pid of oldPids) expect(await isAlive(pid)).toBe(false);
    await withClient(environment.target.superuserUrl('postgres'), (c) => c.query('SELECT 1'));
  });

  it('down stops every process, frees every port and removes the data', async () => {
    // B through -C, from A's directory.
    for (const args of [
      ['local', 'down'],
      ['-C', projectB, 'local', 'down'],
    ]) {
      const project = args[0] === '-C' ? projectB : projectA;
      const status = (await environmentStatus(localRoot(project)))!;
      const result = await runCli(args, projectA);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Removed the local environment/);
      for (const pid of pidsOf(status)) expect(await isAlive(pid)).toBe(false);
      for (const port of portsOf(status)) expect(await listening(port)).toBe(false);
      await expect(stat(localRoot(project))).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await environmentStatus(localRoot(project))).toBeUndefined();
    }
  });
});
