import { describe, expect, it } from 'vitest';
import { parseCpuLine, stolenPercent } from '../../../bench/machine.js';

describe('steal time from /proc/stat', () => {
  it('reads the aggregate cpu line: eight fields, the eighth stolen, guest time left out', () => {
    expect(parseCpuLine('cpu  4133387 0 1161930 3523663 8045 0 21447 19276 500 0')).toEqual({
      total: 4133387 + 1161930 + 3523663 + 8045 + 21447 + 19276,
      steal: 19276,
    });
  });

  it('refuses what is not the aggregate line, or too short', () => {
    expect(parseCpuLine('cpu0 1 2 3 4 5 6 7 8')).toBeUndefined();
    expect(parseCpuLine('cpu 1 2 3')).toBeUndefined();
    expect(parseCpuLine('cpu 1 2 3 4 5 6 x 8')).toBeUndefined();
  });

  it('gives the stolen share of a window in percent', () => {
    expect(stolenPercent({ total: 1000, steal: 10 }, { total: 1400, steal: 60 })).toBe(12.5);
    expect(stolenPercent({ total: 1000, steal: 10 }, { total: 1000, steal: 10 })).toBe(0);
  });
});
