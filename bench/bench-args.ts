import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * `npm run bench -- [--tables 100,1000,10000] [--rtt-ms 2] [--repeats 3] [--copy-data]
 * [--per-object-budget-s 300] [--cpu-prof DIR] [--data-dir DIR] [--out FILE]`.
 */
export interface BenchArgs {
  readonly tables: readonly number[];
  /**
   * Round-trip times (ms) the latency proxies add between replctl (or the hand-written SQL) and the
   * databases; 0 is plain loopback, without proxies. Every size is measured at every RTT, each on
   * an environment of its own; the first is the one the summary line reports.
   */
  readonly rttsMs: readonly number[];
  readonly repeats: number;
  /** Let the subscription copy the initial rows and measure the wait for it (minutes per 1,000 tables). */
  readonly copyData: boolean;
  /**
   * How long one-statement-per-object may spend waiting on round trips (9 per table × RTT) before it
   * runs on a sample of the tables instead of all of them; its figure for all of them is then
   * projected, and labelled so.
   */
  readonly perObjectBudgetS: number;
  readonly cpuProfileDir?: string;
  /**
   * Where the local environments' clusters keep their data: default a memory file system
   * (/dev/shm) when there is one, else the OS temp directory (see `defaultDataDir`).
   */
  readonly dataDir: string;
  /** Where the JSON goes; default bench/results/bench-<time>.json. */
  readonly out?: string;
}

/** Cross-AZ with a little headroom, the low end of a VPN: see docs/benchmark.md. */
export const DEFAULT_RTT_MS = 2;

const USAGE =
  'usage: npm run bench -- [--tables 100,1000,10000] [--rtt-ms 2[,0,10]] [--repeats 3] [--copy-data] ' +
  '[--per-object-budget-s 300] [--cpu-prof DIR] [--data-dir DIR] [--out FILE]';

/**
 * A memory file system when the machine has one. Each size's environment is removed before the
 * next starts, and on ext4 the tens of thousands of files it deletes make creating files slow for
 * minutes after (the inode allocator skips recently deleted inodes): 10,000 CREATE TABLEs measured
 * 12 s right after a fresh start and 35 s after such a removal, on the same disk. That would punish
 * whichever measurement comes first, and no RDS volume behaves like it.
 */
export function defaultDataDir(): string {
  const shm = '/dev/shm';
  try {
    accessSync(shm, constants.W_OK);
    const { bavail, bsize } = statfsSync(shm);
    // 10,000 tables take a few hundred MB per cluster; a container's 64 MB /dev/shm would not do.
    return statSync(shm).isDirectory() && bavail * bsize >= MIN_MEMORY_DIR_BYTES ? shm : tmpdir();
  } catch {
    return tmpdir();
  }
}

const MIN_MEMORY_DIR_BYTES = 4 * 1024 ** 3;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let tables: readonly number[] = [100, 1000, 10000];
  let rttsMs: readonly number[] = [DEFAULT_RTT_MS];
  let repeats = 3;
  let perObjectBudgetS = 300;
  let cpuProfileDir: string | undefined;
  let out: string | undefined;
  let dataDir: string | undefined;
  let copyData = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--copy-data') {
      copyData = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--tables') tables = value.split(',').map((v) => positiveInteger(v, flag));
    else if (flag === '--rtt-ms') rttsMs = value.split(',').map((v) => nonNegativeNumber(v, flag));
    else if (flag === '--repeats') repeats = positiveInteger(value, flag);
    else if (flag === '--per-object-budget-s') perObjectBudgetS = nonNegativeNumber(value, flag);
    else if (flag === '--cpu-prof') cpuProfileDir = value;
    else if (flag === '--out') out = value;
    else if (flag === '--data-dir') dataDir = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (tables.length === 0) throw new Error(`--tables needs at least one size\n${USAGE}`);
  if (new Set(rttsMs).size !== rttsMs.length) throw new Error(`--rtt-ms lists a value twice\n${USAGE}`);
  return {
    tables,
    rttsMs,
    repeats,
    copyData,
    perObjectBudgetS,
    dataDir: dataDir ?? defaultDataDir(),
    ...(cpuProfileDir ? { cpuProfileDir } : {}),
    ...(out ? { out } : {}),
  };
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag}: expected a positive integer, but got: ${text}\n${USAGE}`);
  return n;
}

function nonNegativeNumber(text: string, flag: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new Error(`${flag}: expected a number ≥ 0, but got: ${text}\n${USAGE}`);
  return n;
}
