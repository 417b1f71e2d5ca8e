import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../../src/cli/commands/validate.js';
import type { Output } from '../../../src/cli/output.js';

/**
 * Every directory under test/fixtures/invalid is a small project (replctl.yaml + changesets/) that
 * `replctl validate` must refuse. Its expected.txt lists, in output order, one line per diagnostic:
 * `FILE:LINE:COL: FRAGMENT` (FILE relative to the fixture, FRAGMENT a part of the message), plus
 * `!TEXT` lines for text that must not appear anywhere in the output (secrets).
 */
const root = 'test/fixtures/invalid';
const fixtures = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function capture(): Output & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    colors: pc.createColors(false),
    isTTY: false,
  };
}

describe('invalid projects are refused with every problem at its file, line and column', () => {
  it('the corpus is large enough to mean something', () =>
    expect(fixtures.length).toBeGreaterThanOrEqual(30));

  it.each(fixtures)('%s', async (name) => {
    const dir = join(root, name);
    const expectations = readFileSync(join(dir, 'expected.txt'), 'utf8').split('\n').filter(Boolean);
    const output = capture();

    expect(await runValidate(dir, output)).toBe(1);
    expect(output.stdout).toEqual([]);
    const summary = output.stderr.at(-1);
    const diagnostics = output.stderr.slice(0, -1).map((line) => line.replace(`${dir}/`, ''));
    const wanted = expectations.filter((line) => !line.startsWith('!'));
    expect(summary).toBe(`${wanted.length} problem${wanted.length === 1 ? '' : 's'} found`);
    expect(diagnostics).toHaveLength(wanted.length);
    wanted.forEach((expectation, i) => {
      const [, where, fragment] = /^(\S+:\d+:\d+): (.*)$/.exec(expectation) ?? [];
      expect(where, `bad expectation line: ${expectation}`).toBeDefined();
      expect(diagnostics[i]).toMatch(new RegExp(`^${escapeRegExp(where!)}: `));
      expect(diagnostics[i]).toContain(fragment);
    });
    for (const secret of expectations.filter((line) => line.startsWith('!'))) {
      expect(output.stderr.join('\n')).not.toContain(secret.slice(1));
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
