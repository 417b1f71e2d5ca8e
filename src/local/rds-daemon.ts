/**
 * The local RDS API endpoint as a process of its own, so that `replctl local up` can exit while
 * it keeps serving. Started by rds-daemon-process.ts (which reads the `ready` message it sends over
 * IPC); stops on SIGTERM or SIGINT, and by itself once its environment's target cluster is gone
 * (a deleted directory must not leave a server behind).
 *
 * node dist/local/rds-daemon.js --target-dir DIR --state-file FILE --identifier ID --region R [--port N]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { clusterStateFile } from './postgres/cluster-state.js';
import { LocalCluster } from './postgres/local-cluster.js';
import type { DaemonMessage } from './rds-daemon-message.js';
import { startRdsEndpoint } from './rds-endpoint/index.js';

const { values } = parseArgs({
  options: {
    'target-dir': { type: 'string' },
    'state-file': { type: 'string' },
    identifier: { type: 'string' },
    region: { type: 'string' },
    port: { type: 'string' },
  },
  strict: true,
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new Error(`rds-daemon: --${name} is required`);
  return value;
}

function tell(message: DaemonMessage): void {
  process.send?.(message);
}

try {
  const targetDir = required('target-dir');
  const target = await LocalCluster.load(targetDir);
  const options = {
    backing: {
      identifier: required('identifier'),
      superuserUrl: target.superuserUrl('postgres'),
      // Load afresh: another process may have restarted the cluster since.
      restart: async () => (await LocalCluster.load(targetDir)).restart(),
    },
    host: '127.0.0.1',
    stateFile: required('state-file'),
    region: required('region'),
  };
  // The port of a previous run keeps AWS_ENDPOINT_URL_RDS valid; any port will do if it is taken.
  const port = Number(values.port ?? 0);
  const endpoint = await startRdsEndpoint({ ...options, port }).catch((error: NodeJS.ErrnoException) => {
    if (port !== 0 && error.code === 'EADDRINUSE') return startRdsEndpoint({ ...options, port: 0 });
    throw error;
  });
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    process.stderr.write(`rds-daemon: stopping (${why})\n`);
    await endpoint.close().catch(() => undefined);
    process.exit(0);
  };
  const watch = setInterval(() => {
    if (!existsSync(clusterStateFile(targetDir))) void stop('the target cluster is gone');
  }, 2_000);
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.stderr.write(`rds-daemon: serving the RDS API at ${endpoint.url} (pid ${process.pid})\n`);
  tell({ kind: 'ready', url: endpoint.url });
  process.disconnect?.();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`rds-daemon: could not start: ${message}\n`);
  tell({ kind: 'failed', message });
  process.exitCode = 1;
  process.disconnect?.();
}
