import { describe, expect, it } from 'vitest';
import { allSignalled } from '../../../src/introspect/all-signalled.js';

describe('allSignalled', () => {
  it('runs once, when the last party signals, whatever the order and repeats', () => {
    let runs = 0;
    const [a, b, c] = allSignalled(3, () => runs++) as [() => void, () => void, () => void];
    a();
    a();
    c();
    expect(runs).toBe(0);
    b();
    expect(runs).toBe(1);
    a();
    b();
    c();
    expect(runs).toBe(1);
  });

  it('does nothing without a callback', () => {
    const [a] = allSignalled(1, undefined) as [() => void];
    expect(() => a()).not.toThrow();
  });
});
