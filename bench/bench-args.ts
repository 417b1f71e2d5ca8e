/** `npm run bench -- [--tables 100,1000,10000] [--repeats 3] [--copy-data] [--cpu-prof DIR] [--out FILE]`. */
export interface BenchArgs {
  readonly tables: readonly number[];
  readonly repeats: number;
  /** Let the subscription copy the initial rows and measure the wait for it (minutes per 1,000 tables). */
  readonly copyData: boolean;
  readonly cpuProfileDir?: string;
  /** Where the JSON goes; default bench/results/bench-<time>.json. */
  readonly out?: string;
}

const USAGE =
  'usage: npm run bench -- [--tables 100,1000,10000] [--repeats 3] [--copy-data] [--cpu-prof DIR] [--out FILE]';

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let tables: readonly number[] = [100, 1000, 10000];
  let repeats = 3;
  let cpuProfileDir: string | undefined;
  let out: string | undefined;
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
    else if (flag === '--repeats') repeats = positiveInteger(value, flag);
    else if (flag === '--cpu-prof') cpuProfileDir = value;
    else if (flag === '--out') out = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (tables.length === 0) throw new Error(`--tables needs at least one size\n${USAGE}`);
  return { tables, repeats, copyData, ...(cpuProfileDir ? { cpuProfileDir } : {}), ...(out ? { out } : {}) };
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag}: expected a positive integer, but got: ${text}\n${USAGE}`);
  return n;
}
