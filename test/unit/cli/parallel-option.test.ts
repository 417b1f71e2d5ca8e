import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseParallelOption } from '../../../src/cli/options.js';

describe('--parallel', () => {
  it('takes a whole number of connections from 1 to 16', () => {
    expect(['1', '2', '16'].map(parseParallelOption)).toEqual([1, 2, 16]);
  });

  it('refuses anything else, saying what it expected', () => {
    for (const text of ['0', '17', '1.5', '-1', 'two', '']) {
      expect(() => parseParallelOption(text)).toThrow(InvalidArgumentError);
    }
    expect(() => parseParallelOption('0')).toThrow(
      'expected a number of connections from 1 to 16, but got "0"',
    );
  });
});
