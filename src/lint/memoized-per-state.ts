import type { DesiredState } from '../model/desired-state.js';
import type { LiveState } from '../model/live-state.js';

/** Results kept per desired and live state object (WeakMaps: nothing outlives the states). */
export type PerStateCache<T> = WeakMap<DesiredState, WeakMap<LiveState, T>>;

/**
 * `compute()` once per (desired, live) pair: several rules ask for the same per-table lists, and
 * each costs a pass over every table (10,000 of them in a large setup).
 */
export function memoizedPerState<T>(
  cache: PerStateCache<T>,
  desired: DesiredState,
  live: LiveState,
  compute: () => T,
): T {
  let byLive = cache.get(desired);
  if (byLive === undefined) {
    byLive = new WeakMap();
    cache.set(desired, byLive);
  }
  let result = byLive.get(live);
  if (result === undefined) {
    result = compute();
    byLive.set(live, result);
  }
  return result;
}
