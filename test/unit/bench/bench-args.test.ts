import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseBenchArgs } from '../../../bench/bench-args.js';

describe('npm run bench arguments', () => {
  it('put the clusters where --data-dir says', () => {
    expect(parseBenchArgs(['--data-dir', '/var/tmp/bench']).dataDir).toBe('/var/tmp/bench');
  });

  it('default to a memory file system with room, else the temp directory', () => {
    expect(parseBenchArgs([]).dataDir).toBe(defaultDataDir());
    expect(['/dev/shm', tmpdir()]).toContain(defaultDataDir());
  });

  it('refuse --data-dir without a value', () => {
    expect(() => parseBenchArgs(['--data-dir'])).toThrow(/--data-dir needs a value/);
  });
});
