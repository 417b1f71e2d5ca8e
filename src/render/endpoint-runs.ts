import type { Endpoint } from '../planner/plan.js';

/** A run of consecutive steps on one endpoint; `first` is the 1-based number of its first step. */
export interface EndpointRun<S> {
  readonly endpoint: Endpoint;
  readonly first: number;
  readonly steps: readonly S[];
}

/**
 * Groups steps by endpoint without reordering them: the plan's order is the execution order (a
 * restart on `host` sits between source steps), so an endpoint that comes back starts a new run.
 */
export function endpointRuns<S extends { readonly endpoint: Endpoint }>(
  steps: readonly S[],
): readonly EndpointRun<S>[] {
  const runs: { endpoint: Endpoint; first: number; steps: S[] }[] = [];
  steps.forEach((step, index) => {
    const last = runs.at(-1);
    if (last !== undefined && last.endpoint === step.endpoint) last.steps.push(step);
    else runs.push({ endpoint: step.endpoint, first: index + 1, steps: [step] });
  });
  return runs;
}
