import type { ApplyMeasurement } from './apply-child.js';
import type { NetworkProbe, ProxiedConnections } from './bench-network.js';
import type { Machine } from './machine.js';
import type { PlanLowerBound, PlanMeasurement } from './plan-child.js';

/** One `plan`: its best run against the best replay of its own catalog queries. */
export interface PlanFigures {
  /** Every run's measurement; `best` is the fastest. */
  readonly runs: readonly PlanMeasurement[];
  readonly best: PlanMeasurement;
  /** Fork to exit of the fastest run (Node start-up and module loading included). */
  readonly processMs: number;
  readonly lowerBound: PlanLowerBound;
  /** The fastest sequential replay: the plan's catalog queries alone, one connection at a time. */
  readonly lowerBoundMs: number;
  /** best.wallMs / lowerBoundMs: the ratio design §9 bounds at 1.5. */
  readonly ratio: number;
  /** The fastest concurrent replay (every session and the RDS calls at once), a stricter bound. */
  readonly concurrentBoundMs: number;
  /** best.wallMs / concurrentBoundMs. */
  readonly concurrentRatio: number;
  /** Source + target + RDS. */
  readonly queries: number;
  readonly loadAverage: number;
  /** CPU time the machine's host took away over the runs and replays, in percent (Linux only). */
  readonly stealPercent?: number;
}

export interface ApplyFigures {
  /** The initial setup through replctl: its wall time without the waits, and the waits. */
  readonly replctl: ApplyMeasurement & { readonly workMs: number };
  /** The minimal batched SQL over one connection per database. */
  readonly minimalMs: number;
  /** Statements (round trips) it sent. */
  readonly minimalStatements: number;
  /**
   * One statement per object, each in its own transaction, for all the tables: measured, or
   * projected from a run on a sample of them when `perObjectProjected`.
   */
  readonly perObjectMs: number;
  /** Exact either way: 9 per table and a few more. */
  readonly perObjectStatements: number;
  /** Whether perObjectMs (and so perObjectSpeedup) is projected rather than measured. */
  readonly perObjectProjected: boolean;
  /** What actually ran: on how many tables, its wall time, and the part of it spent per table. */
  readonly perObjectMeasured: {
    readonly tables: number;
    readonly ms: number;
    readonly perTableMs: number;
    readonly statements: number;
  };
  /** replctl.workMs / minimalMs. */
  readonly ratio: number;
  /** perObjectMs / replctl.workMs. */
  readonly perObjectSpeedup: number;
  readonly loadAverage: { readonly replctl: number; readonly minimal: number; readonly perObject: number };
  /** CPU time the machine's host took away during each, in percent (Linux only). */
  readonly stealPercent?: {
    readonly replctl?: number;
    readonly minimal?: number;
    readonly perObject?: number;
  };
}

/** What the latency proxies added to a round trip, probed before and after the measurements. */
export interface NetworkFigures {
  readonly before: NetworkProbe;
  readonly after: NetworkProbe;
  /** The mean round trip the proxies added over the four probes (source and target, before and after). */
  readonly measuredRttMs: number;
  /** Connections each proxy accepted over the whole size (the probes' included). */
  readonly connections: ProxiedConnections;
}

/** The three plans, measured the same way. */
export interface PlanSeries {
  readonly fresh: PlanFigures;
  readonly afterApply: PlanFigures;
  readonly incremental: PlanFigures;
}

/** One table count at one round-trip time, on a local environment of its own. */
export interface SizeResult {
  readonly tables: number;
  /** The round-trip time the proxies were asked to add; 0: plain loopback, no proxies. */
  readonly rttMs: number;
  /** Absent at RTT 0. */
  readonly network?: NetworkFigures;
  /** `SHOW server_version` of the environment. */
  readonly postgres: string;
  /** Creating the tables and their rows on the source (not part of any figure). */
  readonly sourceSetupMs: number;
  readonly planFresh: PlanFigures;
  /** Changeset 1 alone: settings with the source restart, the RDS parameter group and reboot. */
  readonly applySettings: ApplyMeasurement;
  readonly apply: ApplyFigures;
  readonly planAfterApply: PlanFigures;
  readonly planIncremental: PlanFigures;
  /** At RTT > 0: the same plans and lower bounds straight over loopback, in the same states. */
  readonly loopbackPlans?: PlanSeries;
}

export interface BenchResult {
  /** 2: sizes are per table count and RTT. */
  readonly formatVersion: 2;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly repeats: number;
  /** Whether the subscriptions copied the initial rows (else `sync wait` is only the first check). */
  readonly copyData: boolean;
  /** As given: the first is the one the summary line reports. */
  readonly rttsMs: readonly number[];
  /** See BenchArgs.perObjectBudgetS. */
  readonly perObjectBudgetS: number;
  /** Every table count at every RTT, in the order measured. */
  readonly sizes: readonly SizeResult[];
}
