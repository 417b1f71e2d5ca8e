import pg from 'pg';

/** What a latency proxy actually adds to a round trip, measured like ping. */
export interface RoundTripProbe {
  readonly samples: number;
  /** `SELECT 1` straight to the server. */
  readonly directMedianMs: number;
  /** `SELECT 1` through the proxy. */
  readonly proxiedMedianMs: number;
  /** proxiedMedianMs − directMedianMs: the round trip the proxy added. */
  readonly addedMs: number;
  /** The 90th percentile through the proxy, less the direct median. */
  readonly addedP90Ms: number;
  /** Mean through the proxy less mean direct: what a long series of round trips pays on average. */
  readonly addedMeanMs: number;
}

/**
 * `SELECT 1` round trips over an open connection straight to the server and through the proxy,
 * alternately (so both see the same load), after a few to warm up.
 */
export async function probeRoundTrip(
  directUrl: string,
  proxiedUrl: string,
  samples = 200,
): Promise<RoundTripProbe> {
  const direct = new pg.Client({ connectionString: directUrl, application_name: 'replctl bench probe' });
  const proxied = new pg.Client({ connectionString: proxiedUrl, application_name: 'replctl bench probe' });
  try {
    await Promise.all([direct.connect(), proxied.connect()]);
    const time = async (c: pg.Client) => {
      const started = performance.now();
      await c.query('SELECT 1');
      return performance.now() - started;
    };
    for (let i = 0; i < 10; i++) await Promise.all([time(direct), time(proxied)]);
    const directMs: number[] = [];
    const proxiedMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      directMs.push(await time(direct));
      proxiedMs.push(await time(proxied));
    }
    const directMedianMs = quantile(directMs, 0.5);
    const proxiedMedianMs = quantile(proxiedMs, 0.5);
    return {
      samples,
      directMedianMs,
      proxiedMedianMs,
      addedMs: proxiedMedianMs - directMedianMs,
      addedP90Ms: quantile(proxiedMs, 0.9) - directMedianMs,
      addedMeanMs: mean(proxiedMs) - mean(directMs),
    };
  } finally {
    await Promise.all([direct.end().catch(() => undefined), proxied.end().catch(() => undefined)]);
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
