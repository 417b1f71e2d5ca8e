import type { CatchUp } from './catch-up.js';

/** What `replctl verify` found, per table (and as JSON with `--format json`). */
export interface VerifyReport {
  readonly environment: string;
  readonly catchUp: CatchUp;
  readonly tables: readonly TableVerdict[];
  /** True when every subscriber caught up and every table is equal on both sides. */
  readonly equal: boolean;
}

export interface TableVerdict {
  readonly table: string;
  readonly subscription: string;
  /** Published rows on the source (row filter applied); null when not counted. */
  readonly sourceRows: number | null;
  readonly targetRows: number | null;
  /** Key ranges compared (1 for a small table or one without a key). */
  readonly chunks: number;
  readonly equal: boolean;
  /** Each difference, one sentence each. */
  readonly differences: readonly string[];
}
