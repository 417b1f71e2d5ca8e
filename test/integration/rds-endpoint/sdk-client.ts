import { ModifyDBParameterGroupCommand, RDSClient, type RDSClientConfig } from '@aws-sdk/client-rds';

/** The real SDK client, pointed at the local endpoint with dummy credentials. */
export function rdsClient(url: string, config: Partial<RDSClientConfig> = {}): RDSClient {
  return new RDSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    ...config,
  });
}

/** The rejection of a call, for assertions on the SDK's typed exceptions. */
export async function failure(call: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

/** Polls until `check` passes (the endpoint's transitions are asynchronous, like RDS's). */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ParameterTriple = readonly [name: string, value: string, method: 'immediate' | 'pending-reboot'];

/** ModifyDBParameterGroup with `[name, value, method]` triples. */
export async function setParameters(
  rds: RDSClient,
  group: string,
  ...params: readonly ParameterTriple[]
): Promise<void> {
  await rds.send(
    new ModifyDBParameterGroupCommand({
      DBParameterGroupName: group,
      Parameters: params.map(([ParameterName, ParameterValue, ApplyMethod]) => ({
        ParameterName,
        ParameterValue,
        ApplyMethod,
      })),
    }),
  );
}
