import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { environmentLayout, readEnvironmentState } from '../../../src/local/environment-state.js';

const common = {
  formatVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  complete: true,
  replicatorPassword: 'p',
  sourceDatabase: 'app',
  target: { login: 'postgres', loginPassword: 'q', loginIsSuperuser: false },
  rds: { instanceIdentifier: 'reporting-replica', region: 'us-east-1' },
};

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function stateFrom(content: unknown) {
  root = await mkdtemp(join(tmpdir(), 'replctl-state-'));
  const layout = environmentLayout(root);
  await writeFile(layout.stateFile, JSON.stringify(content));
  return readEnvironmentState(layout);
}

describe('the local environment state file', () => {
  it('holds a major per cluster', async () => {
    const state = await stateFrom({ ...common, majors: { source: 12, target: 18 } });
    expect(state?.majors).toEqual({ source: 12, target: 18 });
  });

  it('reads an environment created before the majors could differ as one major on both sides', async () => {
    const state = await stateFrom({ ...common, major: 16 });
    expect(state?.majors).toEqual({ source: 16, target: 16 });
    expect(state).not.toHaveProperty('major');
  });

  it('refuses a major replctl does not support', async () => {
    await expect(stateFrom({ ...common, majors: { source: 11, target: 18 } })).rejects.toThrow(
      /is not a replctl local environment state file/,
    );
  });
});
