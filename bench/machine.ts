import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { resolve, sep } from 'node:path';

/** What the figures were measured on. */
export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  /** `SHOW server_version` of the source and target. */
  readonly postgres: string;
  /** Where the clusters kept their data, and on what file system (`tmpfs`, `ext4`, ...). */
  readonly dataDir: string;
}

export function describeMachine(postgres: string, dataDir: string): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    postgres,
    dataDir: `${dataDir} (${fileSystemOf(dataDir)})`,
  };
}

/** The 1-minute load average: other work on the machine skews absolute times, not same-run ratios. */
export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

/** The file system type of the longest mount point holding `dir`, from /proc/mounts; else unknown. */
function fileSystemOf(dir: string): string {
  try {
    const path = resolve(dir);
    let best = { at: '', type: 'unknown' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, at, fsType] = line.split(' ');
      if (at === undefined || fsType === undefined) continue;
      const holds = path === at || path.startsWith(at.endsWith(sep) ? at : at + sep);
      if (holds && at.length >= best.at.length) best = { at, type: fsType };
    }
    return best.type;
  } catch {
    return 'unknown';
  }
}
