import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:reliability`: the reliability and security suite in full (design §8, §9). The same
 * files run in `npm test` in their CI-sized form; REPLCTL_RELIABILITY=full makes each one exhaustive
 * (a kill at every step rather than a sample, eight concurrent runs rather than three, ...).
 * Spread rather than mergeConfig, which would append this `include` to the base's every test.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/reliability/**/*.test.ts'],
    env: { REPLCTL_RELIABILITY: 'full' },
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
  },
});
