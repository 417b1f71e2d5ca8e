import {
  isSupportedMajor,
  type PostgresMajor,
  SUPPORTED_MAJORS,
} from '../../../src/local/postgres/binaries.js';

/** A source major replicating into a target major. */
export interface VersionPair {
  readonly source: PostgresMajor;
  readonly target: PostgresMajor;
}

/** `12→18` */
export function pairLabel(pair: VersionPair): string {
  return `${pair.source}→${pair.target}`;
}

/**
 * The (source, target) pairs the compatibility suite runs:
 * - REPLCTL_TEST_PG_PAIRS (`12-18,15-15`) names them outright;
 * - else over the majors `majors` (REPLCTL_TEST_PG_VERSIONS under `npm run test:matrix`, every
 *   supported one under REPLCTL_RELIABILITY=full): every major as source into the newest, every
 *   major as target from the oldest (an old self-managed source into a newer RDS is the common
 *   case), and every major into itself;
 * - else `ci`.
 */
export function versionPairs(options: {
  readonly ci: readonly VersionPair[];
  readonly majors: readonly PostgresMajor[] | undefined;
}): readonly VersionPair[] {
  const named = process.env.REPLCTL_TEST_PG_PAIRS;
  if (named !== undefined && named.trim() !== '') return parsePairs(named);
  if (options.majors === undefined || options.majors.length === 0) return options.ci;
  return matrixPairs(options.majors);
}

export function matrixPairs(majors: readonly PostgresMajor[]): readonly VersionPair[] {
  const sorted = [...new Set(majors)].sort((a, b) => a - b);
  const oldest = sorted[0]!;
  const newest = sorted[sorted.length - 1]!;
  const pairs = [
    ...sorted.map((source) => ({ source, target: newest })),
    ...sorted.map((target) => ({ source: oldest, target })),
    ...sorted.map((major) => ({ source: major, target: major })),
  ];
  const seen = new Set<string>();
  return pairs
    .filter((p) => !seen.has(pairLabel(p)) && seen.add(pairLabel(p)))
    .sort((a, b) => a.source - b.source || a.target - b.target);
}

function parsePairs(text: string): readonly VersionPair[] {
  return text.split(',').map((item) => {
    const [source, target] = item.split('-').map((v) => Number(v.trim()));
    if (
      source === undefined ||
      target === undefined ||
      !isSupportedMajor(source) ||
      !isSupportedMajor(target)
    ) {
      throw new Error(
        `REPLCTL_TEST_PG_PAIRS: expected source-target pairs of majors ${SUPPORTED_MAJORS.join(', ')} ` +
          `such as 12-18, but got ${JSON.stringify(item)}`,
      );
    }
    return { source, target };
  });
}
