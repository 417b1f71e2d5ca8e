import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveState, LiveTable } from '../../../src/model/live-state.js';
import { canonicalJson, fingerprintLiveState } from '../../../src/planner/live-fingerprint.js';
import { stableLiveState } from '../../../src/planner/stable-live-state.js';
import { hbaLine, slot } from '../lint/states.js';
import { scenarioArb } from './arbitrary-states.js';
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

describe('fingerprintLiveState, built canonical', () => {
  it('is the fingerprint saved plans carry (the same hash as before the stable state was built sorted)', () => {
    expect(fingerprintLiveState(runbookLive())).toBe(
      'sha256:6b5e4db5ccf197c7eea8bf81cc28013346513d0797312fb7702aa372e7d145b6',
    );
  });

  it('hashes canonical JSON: plain JSON of the stable state is canonicalJson, whatever the key order', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), ({ live }, withoutRds) => {
        const shaped = withSlotsAndHba(withoutRds ? { ...live, rds: undefined } : live);
        const stable = stableLiveState(shaped);
        expect(JSON.stringify(stable)).toBe(canonicalJson(stable));
        expect(canonicalJson(stable)).toBe(canonicalJson(sortedFirstStableLiveState(shaped)));
        expect(fingerprintLiveState(reverseKeys(shaped) as LiveState)).toBe(fingerprintLiveState(shaped));
      }),
      { numRuns: 300 },
    );
  });
});

function withSlotsAndHba(live: LiveState): LiveState {
  return {
    ...live,
    source: {
      ...live.source,
      slots: [slot('my_subscription')],
      hba: [hbaLine(1, 'host all all 10.0.0.0 255.0.0.0 md5')],
    },
  };
}

/**
 * The stable state as first written (copies in the live state's key order, sorted only by
 * canonicalJson): the oracle the canonical construction must hash the same as.
 */
function sortedFirstStableLiveState(live: LiveState): unknown {
  const subscribed = new Set(Object.values(live.target.subscriptions).flatMap((s) => Object.keys(s.tables)));
  const stableTable = ({ estimatedRows: _e, ...table }: LiveTable) => table;
  const mapValues = <T, U>(record: Readonly<Record<string, T>>, f: (value: T, key: string) => U) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value, key)]));
  return {
    source: {
      ...live.source,
      tables: mapValues(live.source.tables, stableTable),
      slots: live.source.slots.map(({ active: _a, retainedWalBytes: _r, walStatus: _w, ...slot }) => slot),
    },
    target: {
      ...live.target,
      tables: mapValues(live.target.tables, (table, name) => {
        if (!subscribed.has(name)) return stableTable(table);
        const { empty: _e, ...stable } = stableTable(table);
        return stable;
      }),
      subscriptions: mapValues(live.target.subscriptions, ({ tables, ...subscription }) => ({
        ...subscription,
        tables: Object.keys(tables).sort(),
      })),
    },
    ...(live.rds === undefined
      ? {}
      : { rds: { ...live.rds, instance: (({ status: _s, ...instance }) => instance)(live.rds.instance) } }),
  };
}
