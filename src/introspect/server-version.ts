import { ReplctlError } from '../errors.js';

/**
 * `server_version_num` thresholds where the catalogs change. Queries are chosen by version, never
 * by trying a statement and catching its failure.
 */
export const PG13 = 130000;
export const PG14 = 140000;
export const PG15 = 150000;
export const PG16 = 160000;
export const PG17 = 170000;
export const PG18 = 180000;

/** The oldest major replctl supports as source and target (design §9). */
const OLDEST = 120000;

/** Refuses servers older than 12, whose catalogs the queries do not know. */
export function assertSupportedVersion(endpoint: string, serverVersionNum: number): void {
  if (serverVersionNum < OLDEST) {
    throw new ReplctlError(
      `Expected PostgreSQL 12 or later on the ${endpoint}, but got server_version_num ${serverVersionNum}`,
    );
  }
}
