/**
 * `npm run bench [-- --tables 100,1000,10000] [--rtt-ms 2,0,10]`: plan and apply of N published tables
 * on the local environment, with latency proxies adding a network's round-trip time between the
 * clients and the databases, measured against their lower bounds in the same run (design §9).
 * Prints the tables of figures, writes them as JSON under bench/results/, and ends with one summary
 * line for scripts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseBenchArgs } from './bench-args.js';
import type { BenchResult, SizeResult } from './bench-result.js';
import { buildChildren } from './build-children.js';
import { REPO_ROOT } from './child-process.js';
import { onInterrupt, stopOnSignals } from './interrupts.js';
import { describeMachine, loadAverage } from './machine.js';
import { measureSize } from './measure-size.js';
import { formatReport, summaryLine } from './report.js';

const args = parseBenchArgs(process.argv.slice(2));
stopOnSignals();
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const startedAt = new Date();
const startLoad = loadAverage();
log('compiling the measured child scripts');
const children = await buildChildren();
const forget = onInterrupt(children.remove);
const sizes: SizeResult[] = [];
try {
  for (const tables of args.tables) {
    for (const rttMs of args.rttsMs) {
      sizes.push(
        await measureSize({
          tables,
          rttMs,
          perObjectBudgetS: args.perObjectBudgetS,
          repeats: args.repeats,
          copyData: args.copyData,
          dataDir: args.dataDir,
          children,
          log,
          ...(args.cpuProfileDir ? { cpuProfileDir: resolve(args.cpuProfileDir) } : {}),
        }),
      );
    }
  }
} finally {
  forget();
  await children.remove();
}
const result: BenchResult = {
  formatVersion: 2,
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: describeMachine(sizes[0]!.postgres, args.dataDir),
  loadAverage: { start: startLoad, end: loadAverage() },
  repeats: args.repeats,
  copyData: args.copyData,
  rttsMs: args.rttsMs,
  perObjectBudgetS: args.perObjectBudgetS,
  sizes,
};
const out = resolve(
  args.out ??
    join(REPO_ROOT, 'bench', 'results', `bench-${startedAt.toISOString().replaceAll(':', '-')}.json`),
);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(formatReport(result));
console.log(`\nJSON: ${out}`);
console.log(summaryLine(result));
