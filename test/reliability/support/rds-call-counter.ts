import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What went through the counter: every attempt the SDK made, and how the endpoint answered. */
export interface RdsCallCounts {
  /** HTTP requests (attempts) the CLI sent. */
  readonly attempts: number;
  /** Attempts after the first of a call (the SDK's `amz-sdk-request: attempt=N`, N > 1). */
  readonly retries: number;
  /** Answers the endpoint's fault injection gave (Throttling, InternalFailure, ServiceUnavailable). */
  readonly faulted: number;
  /** Attempts per RDS action, e.g. `{ DescribeDBInstances: 31 }`. */
  readonly byAction: Readonly<Record<string, number>>;
}

export interface RdsCallCounter {
  /** Point the CLI's AWS_ENDPOINT_URL_RDS here. */
  readonly url: string;
  counts(): RdsCallCounts;
  /** Counts from now on start at zero. */
  reset(): void;
  stop(): Promise<void>;
}

const INJECTED = /<Code>(Throttling|InternalFailure|ServiceUnavailable)<\/Code>/;

/**
 * A pass-through HTTP proxy in front of the local RDS endpoint that counts the SDK's attempts,
 * retries and the injected faults it was answered with: the figures a fault test reports, taken
 * from the wire rather than from the CLI's own account.
 */
export async function startRdsCallCounter(upstream: string): Promise<RdsCallCounter> {
  const target = new URL(upstream);
  let attempts = 0;
  let retries = 0;
  let faulted = 0;
  let byAction: Record<string, number> = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '(none)';
      const attempt = Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
      attempts += 1;
      if (attempt > 1) retries += 1;
      byAction[action] = (byAction[action] ?? 0) + 1;
      const forward = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            if ((answer.statusCode ?? 0) >= 400 && INJECTED.test(text.toString('utf8'))) faulted += 1;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ attempts, retries, faulted, byAction: { ...byAction } }),
    reset: () => {
      attempts = 0;
      retries = 0;
      faulted = 0;
      byAction = {};
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Replaces the endpoint's faults at run time through its admin route (`{}` switches them off). */
export async function setRdsFaults(
  endpointUrl: string,
  faults: Readonly<Record<string, number>>,
): Promise<void> {
  const response = await fetch(new URL('/_replctl/faults', endpointUrl), {
    method: 'POST',
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`setting RDS faults failed: ${response.status} ${await response.text()}`);
}
