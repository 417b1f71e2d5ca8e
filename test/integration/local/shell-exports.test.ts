import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellExports } from '../../../src/local/environment-variables.js';

describe('shellExports', () => {
  it('quotes values so that bash evaluates them back unchanged', () => {
    const values = ["it's", '$HOME `id` $(id) \\n', 'line\nbreak', '', "'''", 'a b\tc'];
    const lines = shellExports(values.map((v, i) => [`V${i}`, v] as const));
    const script = `eval "$1"; printf '%s\\0' ${values.map((_, i) => `"$V${i}"`).join(' ')}`;
    const out = execFileSync('bash', ['-c', script, 'bash', lines], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(values);
  });
});
