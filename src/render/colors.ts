import type pc from 'picocolors';

/**
 * The colours the text renderer uses. The CLI passes picocolors' `createColors(enabled)` result (see
 * src/cli/output.ts), so whether colour is on is decided once, at the edge; tests pass their own.
 */
export type Colors = Pick<
  ReturnType<typeof pc.createColors>,
  'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta'
>;

const plain = (input: string | number | null | undefined): string => String(input);

/** No colour at all: every formatter returns its input as a string. */
export const noColors: Colors = {
  bold: plain,
  dim: plain,
  red: plain,
  green: plain,
  yellow: plain,
  cyan: plain,
  magenta: plain,
};
