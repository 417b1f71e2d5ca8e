import { invalidValue } from './errors.js';
import type { QueryForm } from './form.js';

/** RDS describe calls take MaxRecords between 20 and 100 (default 100) and an opaque Marker. */
export const MIN_RECORDS = 20;
export const MAX_RECORDS = 100;

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items follow; pass it back as Marker. */
  readonly marker: string | undefined;
}

const MARKER_PREFIX = 'replctl-offset:';

function encodeMarker(offset: number): string {
  return Buffer.from(`${MARKER_PREFIX}${offset}`).toString('base64url');
}

function decodeMarker(marker: string): number {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const offset = text.startsWith(MARKER_PREFIX) ? Number(text.slice(MARKER_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw invalidValue('The marker is not valid: pass back the Marker of the previous response');
  }
  return offset;
}

export function paginate<T>(items: readonly T[], form: QueryForm): Page<T> {
  const maxRecords = form.integer('MaxRecords') ?? MAX_RECORDS;
  if (maxRecords < MIN_RECORDS || maxRecords > MAX_RECORDS) {
    throw invalidValue(
      `Invalid value ${maxRecords} for MaxRecords. Must be between ${MIN_RECORDS} and ${MAX_RECORDS}`,
    );
  }
  const marker = form.string('Marker');
  const offset = marker === undefined || marker === '' ? 0 : decodeMarker(marker);
  const end = offset + maxRecords;
  return {
    items: items.slice(offset, end),
    marker: end < items.length ? encodeMarker(end) : undefined,
  };
}
