import { DescribeDBParameterGroupsCommand, type RDSClient } from '@aws-sdk/client-rds';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_FAULTS_PATH, FAULTS_ENV, type FaultConfig } from '../../../src/local/rds-endpoint/index.js';
import { type EndpointFixture, startEndpointFixture } from './endpoint-fixture.js';
import { failure } from './sdk-client.js';

let f: EndpointFixture;
let rds: RDSClient;

beforeAll(async () => {
  // Faults from the environment apply from the first call.
  process.env[FAULTS_ENV] = 'throttle=1,seed=1';
  try {
    f = await startEndpointFixture();
  } finally {
    delete process.env[FAULTS_ENV];
  }
  rds = f.rds;
});

afterAll(() => f?.close());

async function setFaults(config: FaultConfig | string): Promise<Response> {
  return fetch(`${f.endpoint.url}${ADMIN_FAULTS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof config === 'string' ? config : JSON.stringify(config),
  });
}

const describeDefault = () =>
  rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: 'default.postgres17' }));

describe('fault injection', () => {
  afterEach(async () => {
    await setFaults({});
  });

  it('reads REPLCTL_RDS_FAULTS at start: every call throttled, surfaced after the SDK retries', async () => {
    const error = await failure(describeDefault());
    expect(error.name).toBe('Throttling');
    expect(error.$fault).toBe('client');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
  });

  it('shows and replaces the configuration at runtime', async () => {
    const shown = await fetch(`${f.endpoint.url}${ADMIN_FAULTS_PATH}`);
    expect(await shown.json()).toEqual({});
    const set = await setFaults({ throttle: 1, seed: 9 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ throttle: 1, seed: 9 });
    expect((await failure(describeDefault())).name).toBe('Throttling');
    await setFaults({});
    expect((await describeDefault()).DBParameterGroups).toHaveLength(1);
  });

  it('refuses a bad configuration with 400 and keeps the old one', async () => {
    await setFaults({ latencyMs: 10 });
    for (const bad of ['{"throttle":2}', '{"slow":1}', 'not json']) {
      const response = await setFaults(bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error?: string }).error).toMatch(/throttle|slow|JSON/);
    }
    const shown = await fetch(`${f.endpoint.url}${ADMIN_FAULTS_PATH}`);
    expect(await shown.json()).toEqual({ latencyMs: 10 });
  });

  it('lets the SDK standard retry strategy ride out half of the calls throttled', async () => {
    await setFaults({ throttle: 0.5, seed: 42 });
    let attempts = 0;
    for (let i = 0; i < 8; i++) {
      const out = await describeDefault();
      expect(out.DBParameterGroups).toHaveLength(1);
      attempts += out.$metadata.attempts ?? 1;
    }
    // Some calls really were throttled and retried.
    expect(attempts).toBeGreaterThan(8);
  });

  it('answers 500/503 as Receiver faults, retried by the SDK and surfaced when they persist', async () => {
    await setFaults({ error: 1, seed: 3 });
    const error = await failure(describeDefault());
    expect(['InternalFailure', 'ServiceUnavailable']).toContain(error.name);
    expect(error.$fault).toBe('server');
    expect(error.$metadata).toMatchObject({ attempts: 3 });
    expect([500, 503]).toContain((error.$metadata as { httpStatusCode: number }).httpStatusCode);
    await setFaults({ error: 0.4, seed: 5 });
    for (let i = 0; i < 5; i++) expect((await describeDefault()).DBParameterGroups).toHaveLength(1);
  });

  it('adds latency', async () => {
    await setFaults({ latencyMs: 300 });
    const started = Date.now();
    await describeDefault();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
