import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../json-file.js';
import { LocalEnvironmentError } from '../local-error.js';
import { isSupportedMajor, type PostgresMajor } from './binaries.js';

/** A setting value as written to a configuration file. */
export type SettingValue = string | number | boolean;

/**
 * What another process needs to act on a cluster (`replctl local restart source`, the RDS endpoint
 * daemon): `<cluster dir>/cluster.json`, mode 0600 (it holds the superuser password).
 */
export interface ClusterState {
  readonly formatVersion: 1;
  /** A label for messages: `source`, `target`. */
  readonly name: string;
  readonly major: PostgresMajor;
  /** The server's own version, e.g. `17.6`. */
  readonly version: string;
  readonly binDir: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  /** Always 127.0.0.1: the clusters listen on loopback only. */
  readonly host: string;
  readonly port: number;
  readonly superuser: string;
  readonly superuserPassword: string;
  /** The OS account the server runs as when replctl runs as root. */
  readonly osUser: string | undefined;
  /** The settings the cluster was created with, beyond the local defaults. */
  readonly settings: Readonly<Record<string, SettingValue>>;
}

export function clusterStateFile(dir: string): string {
  return join(dir, 'cluster.json');
}

export async function writeClusterState(state: ClusterState): Promise<void> {
  await writeJsonFile(clusterStateFile(state.dir), state);
}

/** The state in `dir`, or undefined when there is no cluster there. */
export async function readClusterState(dir: string): Promise<ClusterState | undefined> {
  const file = clusterStateFile(dir);
  const raw = await readJsonFile(file);
  if (raw === undefined) return undefined;
  const s = raw as Partial<Record<keyof ClusterState, unknown>>;
  const strings = ['name', 'version', 'binDir', 'dir', 'dataDir', 'logFile', 'host', 'superuser'] as const;
  const ok =
    s.formatVersion === 1 &&
    typeof s.major === 'number' &&
    isSupportedMajor(s.major) &&
    typeof s.port === 'number' &&
    typeof s.superuserPassword === 'string' &&
    typeof s.settings === 'object' &&
    s.settings !== null &&
    (s.osUser === undefined || typeof s.osUser === 'string') &&
    strings.every((k) => typeof s[k] === 'string');
  if (!ok) throw new LocalEnvironmentError(`${file} is not a replctl cluster state file (formatVersion 1)`);
  return raw as ClusterState;
}
