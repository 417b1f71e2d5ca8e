import type { Clock } from './clock.js';
import { formatDuration } from './progress.js';

export interface ProbeResult {
  readonly done: boolean;
  /** What was seen, for progress and the timeout message, e.g. `rebooting, pending-reboot`. */
  readonly status: string;
}

export interface PollOptions {
  /** What is awaited, completing "waiting for …". */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly probe: () => Promise<ProbeResult>;
  /** Errors that mean "not yet" (server restarting, API throttled); others end the wait. */
  readonly isTransient: (error: unknown) => boolean;
  readonly describeError: (error: unknown) => string;
  readonly onStatus: (status: string, elapsedMs: number) => void;
}

/** A wait that ran out of time: nothing is wrong yet, and a re-run waits again. */
export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/** Probes until done or the timeout, reporting every status; throws WaitTimeoutError when out of time. */
export async function pollUntil(options: PollOptions): Promise<void> {
  const { clock } = options;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  let status = 'not checked yet';
  for (;;) {
    try {
      const result = await options.probe();
      status = result.status;
      if (result.done) {
        options.onStatus(status, clock.now() - started);
        return;
      }
    } catch (error) {
      if (!options.isTransient(error)) throw error;
      status = `unreachable: ${options.describeError(error)}`;
    }
    options.onStatus(status, clock.now() - started);
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `Timed out after ${formatDuration(options.timeoutMs)} waiting for ${options.what}; last seen: ${status}.`,
      );
    }
    await clock.sleep(Math.min(options.intervalMs, remaining));
  }
}
