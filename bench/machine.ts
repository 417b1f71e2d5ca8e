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

/** CPU time since boot in jiffies, all of it and the part a hypervisor gave to someone else. */
export interface CpuTimes {
  readonly total: number;
  readonly steal: number;
}

/**
 * The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal …; guest
 * time is already inside user and nice, so only the first eight fields count.
 */
export function parseCpuLine(line: string): CpuTimes | undefined {
  const [label, ...fields] = line.trim().split(/\s+/);
  if (label !== 'cpu' || fields.length < 8) return undefined;
  const values = fields.slice(0, 8).map(Number);
  if (values.some((v) => !Number.isFinite(v))) return undefined;
  return { total: values.reduce((a, b) => a + b, 0), steal: values[7]! };
}

/** The share of the CPU time between two readings that was stolen, in percent (one decimal). */
export function stolenPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? Math.round((1000 * (after.steal - before.steal)) / total) / 10 : 0;
}

function cpuTimes(): CpuTimes | undefined {
  try {
    return parseCpuLine(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Starts a window over which to tell how much CPU the machine's host took away (a virtual machine's
 * steal time): the returned function gives it in percent, undefined where /proc/stat is missing.
 * The same run's ratios are only fair when their measurements saw alike machines.
 */
export function stealWindow(): () => number | undefined {
  const before = cpuTimes();
  return () => {
    const after = cpuTimes();
    return before && after ? stolenPercent(before, after) : undefined;
  };
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
