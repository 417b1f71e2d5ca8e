import { type ChildProcess, fork } from 'node:child_process';
import type { TestLocalEnv } from '../test/support/local-env.js';
import type { ChildBuild } from './build-children.js';
import { REPO_ROOT } from './child-process.js';
import { probeRoundTrip, type RoundTripProbe } from './round-trip-probe.js';

/**
 * What lies between the measured clients (replctl's plan and apply, the hand-written SQL, the
 * plan's lower bound) and the local environment: plain loopback at RTT 0, else a latency proxy in
 * front of the source, the target and the RDS API each. Every measured variant goes through the
 * same proxies. The subscription's own connection (target to source) does not: it is between the
 * databases, the same for every variant, and not what replctl's way of sending statements changes.
 */
export interface BenchNetwork {
  /** The round-trip time the proxies were asked to add. */
  readonly rttMs: number;
  /** A URL of the environment (a database's or the RDS API's) as the measured clients reach it. */
  url(url: string): string;
  /** The environment's variables (`replctl local env`) with the URLs replctl uses routed through the proxies. */
  env(env: Readonly<Record<string, string>>): Record<string, string>;
  /** What the proxies add to a `SELECT 1` round trip to each database, measured now (none at RTT 0). */
  probe(): Promise<NetworkProbe | undefined>;
  /** Connections each proxy has accepted so far (none at RTT 0). */
  connections(): Promise<ProxiedConnections | undefined>;
  close(): Promise<void>;
}

export interface ProxiedConnections {
  readonly source: number;
  readonly target: number;
  readonly rds: number;
}

export interface NetworkProbe {
  readonly source: RoundTripProbe;
  readonly target: RoundTripProbe;
}

/** The variables that name where replctl connects (SOURCE_PORT is the subscription's: left alone). */
const ROUTED_VARIABLES = ['SOURCE_DATABASE_URL', 'TARGET_DATABASE_URL', 'AWS_ENDPOINT_URL_RDS'] as const;

export async function openBenchNetwork(
  local: TestLocalEnv,
  rttMs: number,
  children: ChildBuild,
): Promise<BenchNetwork> {
  if (rttMs === 0) {
    return {
      rttMs,
      url: (url) => url,
      env: (env) => ({ ...env }),
      probe: async () => undefined,
      connections: async () => undefined,
      close: async () => undefined,
    };
  }
  const upstreams = [local.sourceUrl, local.targetUrl, local.rdsEndpointUrl].map((u) => new URL(u));
  const { child, ports } = await startProxyProcess(
    children.script('latency-proxy-child.ts'),
    rttMs / 2,
    upstreams.map((u) => `${u.hostname}:${u.port}`),
  );
  const proxyPort = new Map(upstreams.map((u, i) => [`${u.hostname}:${u.port}`, ports[i]!]));
  const url = (text: string) => {
    const u = new URL(text);
    const port = proxyPort.get(`${u.hostname}:${u.port}`);
    if (port === undefined) return text;
    u.port = String(port);
    return u.toString();
  };
  return {
    rttMs,
    url,
    env: (env) => {
      const routed: Record<string, string> = { ...env };
      for (const name of ROUTED_VARIABLES) if (routed[name]) routed[name] = url(routed[name]);
      return routed;
    },
    probe: async () => ({
      source: await probeRoundTrip(local.sourceUrl, url(local.sourceUrl)),
      target: await probeRoundTrip(local.targetUrl, url(local.targetUrl)),
    }),
    connections: () =>
      new Promise((resolve) => {
        child.once('message', (message) => {
          const [source = 0, target = 0, rds = 0] = (message as { connections: number[] }).connections;
          resolve({ source, target, rds });
        });
        child.send('connections');
      }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.connected) child.disconnect();
      else child.kill();
      await exited;
    },
  };
}

/** The proxies in a process of their own (see latency-proxy-child.ts); resolves with their ports. */
function startProxyProcess(
  script: string,
  oneWayDelayMs: number,
  upstreams: readonly string[],
): Promise<{ child: ChildProcess; ports: readonly number[] }> {
  const child = fork(script, [String(oneWayDelayMs), ...upstreams], {
    cwd: REPO_ROOT,
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the latency proxies exited (${signal ?? code})`)));
    child.once('message', (message) => {
      const reply = message as { ok: true; value: number[] } | { ok: false; error: string };
      if (reply.ok) resolve({ child, ports: reply.value });
      else reject(new Error(`the latency proxies did not start: ${reply.error}`));
    });
  });
}
