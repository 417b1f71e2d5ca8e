import { describe, expect, it } from 'vitest';
import type { LiveState } from '../../../src/model/live-state.js';
import { canonicalJson, fingerprintLiveState } from '../../../src/planner/live-fingerprint.js';
import { liveState, runbookLive, setting, subscription } from './builders.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [3, { d: null, c: 'x' }] }, '{"a":[3,{"c":"x","d":null}],"b":1}'],
    [{ a: undefined, b: true }, '{"b":true}'],
    [[undefined, 1], '[null,1]'],
    ['é"', '"é\\""'],
  ])('%j -> %s', (value, json) => {
    expect(canonicalJson(value)).toBe(json);
  });
});

describe('fingerprintLiveState', () => {
  it('does not depend on key order', () => {
    const live = runbookLive();
    expect(fingerprintLiveState(reverseKeys(live) as typeof live)).toBe(fingerprintLiveState(live));
  });

  it('changes when the live state changes', () => {
    const a = liveState({ source: { settings: { wal_level: setting('replica') } } });
    const b = liveState({ source: { settings: { wal_level: setting('logical') } } });
    expect(fingerprintLiveState(a)).not.toBe(fingerprintLiveState(b));
  });

  it('does not change with what a write load moves: row estimates, sync states, instance status', () => {
    const live = runbookLive();
    const moved: LiveState = {
      source: {
        ...live.source,
        tables: {
          ...live.source.tables,
          'public.users': { ...live.source.tables['public.users']!, estimatedRows: 9 },
        },
      },
      target: {
        ...live.target,
        subscriptions: {
          my_subscription: subscription({
            tables: { 'public.users': { state: 'd' }, 'public.orders': { state: 'r' } },
          }),
        },
      },
      rds: { ...live.rds!, instance: { ...live.rds!.instance, status: 'modifying' } },
    };
    expect(fingerprintLiveState(moved)).toBe(fingerprintLiveState(live));
  });
});

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}
