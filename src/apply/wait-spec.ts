import type { Clock } from './clock.js';
import { type PollOptions, pollUntil } from './poll.js';

/** A wait condition made concrete: what to probe and how to read its errors. */
export type WaitSpec = Pick<PollOptions, 'what' | 'probe' | 'isTransient' | 'describeError'>;

/** How long and how often, and where progress goes; the engine's part of a wait. */
export interface WaitBudget {
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly onStatus: (status: string, elapsedMs: number) => void;
}

export function waitFor(spec: WaitSpec, budget: WaitBudget): Promise<void> {
  return pollUntil({ ...spec, ...budget });
}
