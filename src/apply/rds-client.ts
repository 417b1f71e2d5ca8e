import { RDSClient } from '@aws-sdk/client-rds';

export interface RdsClientOptions {
  readonly region?: string;
  /** Attempts per call, throttling and 5xx included (the SDK's standard retry with backoff). Default 8. */
  readonly maxAttempts?: number;
}

/**
 * An RDS client for apply. Credentials, region and endpoint follow the SDK's standard chain
 * (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL_RDS`, …); more attempts than the SDK's default 3
 * so throttling during a long apply is ridden out rather than ending the run.
 */
export function createRdsClient(options: RdsClientOptions = {}): RDSClient {
  return new RDSClient({
    ...(options.region ? { region: options.region } : {}),
    maxAttempts: options.maxAttempts ?? 8,
    retryMode: 'standard',
  });
}
