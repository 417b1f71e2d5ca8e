/**
 * The reliability suite's two sizes: `npm test` runs each reliability file in a CI-sized form,
 * `npm run test:reliability` (REPLCTL_RELIABILITY=full) exhaustively.
 */
export const fullReliability = process.env.REPLCTL_RELIABILITY === 'full';

/** `ci` in `npm test`, `full` under `npm run test:reliability`. */
export function reliabilitySize<T>(sizes: { readonly ci: T; readonly full: T }): T {
  return fullReliability ? sizes.full : sizes.ci;
}

/**
 * Prints a suite's figures as one block on stdout, so they appear in CI's log whatever the reporter:
 *
 *   reliability: crash consistency (apply)
 *     steps 19 · kills 19 · resumes 19 · rows written 4,210 · rows differing 0
 */
export function reportFigures(title: string, figures: Readonly<Record<string, number | string>>): void {
  const line = Object.entries(figures)
    .map(([name, value]) => `${name} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`)
    .join(' · ');
  process.stdout.write(`\nreliability: ${title}\n  ${line}\n`);
}
