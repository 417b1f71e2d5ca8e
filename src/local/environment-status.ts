import { environmentLayout, readEnvironmentState } from './environment-state.js';
import { LocalCluster } from './postgres/local-cluster.js';
import { isRdsDaemon } from './rds-daemon-process.js';

/** One process of the environment, as `local status` shows it. */
export interface ComponentStatus {
  readonly name: 'source' | 'target' | 'rds';
  readonly running: boolean;
  readonly pid: number | undefined;
  /** 127.0.0.1:PORT for the clusters, the URL for the RDS endpoint. */
  readonly address: string;
  /** The server version for the clusters; the instance it serves for the RDS endpoint. */
  readonly detail: string;
}

export interface EnvironmentStatus {
  readonly root: string;
  /** False while an `up` is creating it, or after one crashed (the next `up` starts over). */
  readonly complete: boolean;
  readonly components: readonly ComponentStatus[];
}

/** What runs of the environment in `root`; undefined when there is none. Starts nothing. */
export async function environmentStatus(root: string): Promise<EnvironmentStatus | undefined> {
  const layout = environmentLayout(root);
  const state = await readEnvironmentState(layout);
  if (!state) return undefined;
  const clusters = await Promise.all(
    (['source', 'target'] as const).map(async (name): Promise<ComponentStatus | undefined> => {
      const cluster = await LocalCluster.load(name === 'source' ? layout.sourceDir : layout.targetDir).catch(
        () => undefined,
      );
      if (!cluster) return undefined;
      const { running, pid } = await cluster.status();
      const s = cluster.state;
      return { name, running, pid, address: `${s.host}:${s.port}`, detail: `PostgreSQL ${s.version}` };
    }),
  );
  const daemon = state.rds.daemon;
  const daemonRuns = daemon !== undefined && (await isRdsDaemon(daemon.pid, layout.targetDir));
  const rds: ComponentStatus = {
    name: 'rds',
    running: daemonRuns,
    pid: daemonRuns ? daemon.pid : undefined,
    address: daemon?.url ?? '',
    detail: `RDS API, instance ${state.rds.instanceIdentifier} (${state.rds.region})`,
  };
  return {
    root,
    complete: state.complete,
    components: [...clusters.filter((c): c is ComponentStatus => c !== undefined), rds],
  };
}
