import { describe, expect, it } from 'vitest';
import {
  FaultInjector,
  faultConfigFromJson,
  parseFaultSpec,
  resolveFaults,
  seededRandom,
} from '../../../src/local/rds-endpoint/faults.js';

describe('parseFaultSpec', () => {
  it('reads the REPLCTL_RDS_FAULTS syntax', () => {
    expect(parseFaultSpec('throttle=0.3, error=0.1,latencyMs=200,seed=42')).toEqual({
      throttle: 0.3,
      error: 0.1,
      latencyMs: 200,
      seed: 42,
    });
    expect(parseFaultSpec('')).toEqual({});
  });

  it('refuses unknown keys, missing values and out-of-range numbers', () => {
    expect(() => parseFaultSpec('throtle=0.3')).toThrow(/unknown key 'throtle'/);
    expect(() => parseFaultSpec('throttle')).toThrow(/needs a value/);
    expect(() => parseFaultSpec('error=1.5')).toThrow(/between 0 and 1/);
    expect(() => parseFaultSpec('latencyMs=-5')).toThrow(/non-negative integer/);
    expect(() => parseFaultSpec('seed=abc')).toThrow(/expected a number/);
  });
});

describe('faultConfigFromJson', () => {
  it('accepts an object of known numeric keys', () => {
    expect(faultConfigFromJson({ throttle: 1 })).toEqual({ throttle: 1 });
  });
  it('refuses anything else', () => {
    expect(() => faultConfigFromJson([])).toThrow(/JSON object/);
    expect(() => faultConfigFromJson({ throttle: '0.5' })).toThrow(/number/);
    expect(() => faultConfigFromJson({ slow: 1 })).toThrow(/unknown key/);
  });
});

describe('resolveFaults', () => {
  it('lets options win over the environment key by key', () => {
    expect(resolveFaults({ throttle: 0.5 }, { REPLCTL_RDS_FAULTS: 'throttle=0.1,latencyMs=5' })).toEqual({
      throttle: 0.5,
      latencyMs: 5,
    });
    expect(resolveFaults(undefined, {})).toEqual({});
  });
});

describe('FaultInjector', () => {
  const decisions = (injector: FaultInjector, n: number) =>
    Array.from({ length: n }, () => injector.decide().kind).join(',');

  it('is off by default', () => {
    expect(decisions(new FaultInjector(), 50)).not.toMatch(/throttle|error/);
  });

  it('repeats the same decisions for the same seed', () => {
    const config = { throttle: 0.3, error: 0.3, seed: 7 };
    expect(decisions(new FaultInjector(config), 100)).toBe(decisions(new FaultInjector(config), 100));
  });

  it('restarts the sequence when reconfigured', () => {
    const injector = new FaultInjector({ throttle: 0.5, seed: 3 });
    const first = decisions(injector, 40);
    injector.configure({ throttle: 0.5, seed: 3 });
    expect(decisions(injector, 40)).toBe(first);
  });

  it('throttles every call at 1.0 and roughly the fraction asked for otherwise', () => {
    expect(decisions(new FaultInjector({ throttle: 1, seed: 1 }), 20)).toBe(
      Array(20).fill('throttle').join(','),
    );
    const injector = new FaultInjector({ throttle: 0.3, seed: 11 });
    const throttled = Array.from({ length: 2000 }, () => injector.decide()).filter(
      (d) => d.kind === 'throttle',
    );
    expect(throttled.length).toBeGreaterThan(500);
    expect(throttled.length).toBeLessThan(700);
  });

  it('answers both 500 and 503 for errors', () => {
    const injector = new FaultInjector({ error: 1, seed: 5 });
    const statuses = new Set(
      Array.from({ length: 50 }, () => injector.decide()).map((d) => (d.kind === 'error' ? d.status : 0)),
    );
    expect(statuses).toEqual(new Set([500, 503]));
  });

  it('seededRandom stays in [0, 1)', () => {
    const random = seededRandom(123);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
