import { isConnectionError } from './failure.js';

interface SdkErrorShape {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly attempts?: unknown };
}

/**
 * Whether an SDK error is the RDS error `code` (the SDK names modelled errors `<Code>Fault`, e.g.
 * `InvalidDBInstanceStateFault`, and unmodelled ones by the code itself).
 */
export function isAwsError(error: unknown, code: string): boolean {
  const e = error as SdkErrorShape | null;
  return e?.name === code || e?.name === `${code}Fault` || e?.Code === code;
}

const throttling = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/**
 * Errors the SDK already retried (throttling, 5xx, network) and that a later re-run may get past:
 * apply stops resumably (exit 5) instead of failing.
 */
export function isTransientAwsError(error: unknown): boolean {
  const e = error as SdkErrorShape | null;
  if (!e) return false;
  if (e.$fault === 'server' || e.$retryable !== undefined) return true;
  if (typeof e.name === 'string' && (throttling.has(e.name) || e.name === 'TimeoutError')) return true;
  // The SDK's retry layer gives every error it retried `$metadata`, network errors included.
  if (!e.$metadata) return false;
  const status = e.$metadata.httpStatusCode;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  return isConnectionError(error);
}

/** "after 8 attempts" when the SDK says how many it made. */
export function awsAttempts(error: unknown): string {
  const attempts = (error as SdkErrorShape | null)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 1 ? ` after ${attempts} attempts` : '';
}
