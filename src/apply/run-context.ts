import type { SecretRef } from '../model/secret-ref.js';
import type { Step } from '../planner/plan.js';
import type { ResolvedApplyOptions } from './apply-options.js';
import type { EndpointConnections } from './endpoint-connections.js';
import type { ApplyEndpoints } from './endpoints.js';
import type { Journal } from './journal.js';
import type { StepStatus } from './journal-records.js';
import type { ProgressEvent } from './progress.js';

/** What a finished step reports in the result. */
export interface StepOutcome {
  readonly stepId: string;
  readonly status: 'done' | 'skipped';
  readonly note?: string;
}

/** The state of one run, shared by the unit runners. */
export interface RunContext {
  readonly options: ResolvedApplyOptions;
  readonly endpoints: ApplyEndpoints;
  readonly journal: Journal;
  readonly connections: EndpointConnections;
  /** Resolves the plan's secrets (all resolved up front). */
  readonly resolve: (ref: SecretRef) => string;
  /** Redacts, then reports. */
  readonly report: (event: ProgressEvent) => void;
  /** Steps an interrupted earlier run left `intent` or `stopped`. */
  readonly inFlight: ReadonlyMap<string, StepStatus>;
  readonly positionOf: (step: Step) => number;
  readonly total: number;
  readonly outcomes: StepOutcome[];
}
