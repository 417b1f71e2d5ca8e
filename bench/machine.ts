import { cpus, loadavg, release, totalmem, type } from 'node:os';

/** What the figures were measured on. */
export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  /** `SHOW server_version` of the source and target. */
  readonly postgres: string;
}

export function describeMachine(postgres: string): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    postgres,
  };
}

/** The 1-minute load average: other work on the machine skews absolute times, not same-run ratios. */
export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}
