import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldWithOrigins } from '../../src/changesets/fold.js';
import { loadChangesets } from '../../src/changesets/load.js';
import { buildOnce } from '../support/build-once.js';

const run = promisify(execFile);

/** Runs the real bin (which imports dist/) in a subprocess; never throws on a non-zero exit. */
async function replctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/replctl.js', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  // bin/replctl.js runs dist/: build it from the current sources first (once for every such file).
  await buildOnce();
}, 180_000);

describe('replctl validate (subprocess)', () => {
  it('accepts the repository and prints every version with its checksum', async () => {
    const changesets = await loadChangesets('changesets');
    const { code, stdout, stderr } = await replctl('validate');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const c of changesets) {
      expect(stdout).toContain(`${c.file}  version ${c.version}  ${c.checksum}  ${c.description}`);
    }
    expect(stdout).toContain(
      `OK: ${changesets.length} changesets, versions 1 to ${changesets.length}; 1 environment`,
    );
  });

  it('refuses an invalid project with exit code 1 and file:line:col diagnostics', async () => {
    const dir = 'test/fixtures/invalid/errors-in-every-file-at-once';
    const { code, stdout, stderr } = await replctl('-C', dir, 'validate');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      `${dir}/replctl.yaml:2:3: expected an environment name of lowercase letters, digits, - and _, but got "Dev"`,
      `${dir}/changesets/0001-initial.yaml:3:1: expected one of version, description, source, target, lint, but got unknown key "targte" (did you mean "target"?)`,
      `${dir}/changesets/0002-change.yaml:3:32: expected true or false, but got the number 1`,
      '3 problems found',
    ]);
  });

  it('has --help', async () => {
    const { code, stdout } = await replctl('validate', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: replctl validate/);
  });
});

describe('replctl show (subprocess)', () => {
  it('--version 1 --format json prints the folded document of version 1', async () => {
    const { code, stdout } = await replctl('show', '--version', '1', '--format', 'json');
    expect(code).toBe(0);
    const expected = foldWithOrigins(await loadChangesets('changesets'), 1).document;
    expect(JSON.parse(stdout)).toEqual(expected);
    expect(JSON.parse(stdout)).toMatchObject({
      version: 1,
      target: { parameterGroup: { family: 'postgres17' } },
    });
  });

  it('prints YAML of the latest version by default', async () => {
    const changesets = await loadChangesets('changesets');
    const { code, stdout } = await replctl('show');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^# Desired state at version ${changesets.length},`));
    expect(stdout).toContain(`\nversion: ${changesets.length}\n`);
    expect(stdout).toContain('public."Customer Notes": {}');
  });

  it('refuses a version that does not exist and a bad format', async () => {
    const missing = await replctl('show', '--version', '99');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/expected a changeset version from 1 to \d+, but got 99/);
    const format = await replctl('show', '--format', 'xml');
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('expected yaml or json, but got "xml"');
  });

  it('has --help naming its options', async () => {
    const { code, stdout } = await replctl('show', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--version <K>');
    expect(stdout).toContain('--format <format>');
  });
});
