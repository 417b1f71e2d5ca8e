import { describe, expect, it } from 'vitest';
import { ciUrlFromEnv, collectRunMetadata } from '../../../src/apply/run-metadata.js';

describe('run metadata', () => {
  it('links the GitHub Actions run when its variables are set', () => {
    expect(
      ciUrlFromEnv({
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/db',
        GITHUB_RUN_ID: '42',
      }),
    ).toBe('https://github.com/acme/db/actions/runs/42');
    expect(ciUrlFromEnv({ GITHUB_REPOSITORY: 'acme/db' })).toBeUndefined();
  });

  it('prefers GITHUB_SHA and reads user and host', async () => {
    const meta = await collectRunMetadata({ GITHUB_SHA: 'a'.repeat(40) }, '/');
    expect(meta.gitCommit).toBe('a'.repeat(40));
    expect(meta.startedBy).not.toBe('');
    expect(meta.host).not.toBe('');
    expect(meta.ciUrl).toBeUndefined();
  });

  it('reads the commit of a git checkout, and none outside one', async () => {
    const inRepo = await collectRunMetadata({}, process.cwd());
    expect(inRepo.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    const outside = await collectRunMetadata({}, '/');
    expect(outside.gitCommit).toBeUndefined();
  });
});
