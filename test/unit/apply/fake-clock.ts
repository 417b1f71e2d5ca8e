import type { Clock } from '../../../src/apply/clock.js';

/** A clock whose sleep only moves time forward: waits and timeouts run instantly and exactly. */
export function fakeClock(start = 1_700_000_000_000): Clock & { readonly slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}
