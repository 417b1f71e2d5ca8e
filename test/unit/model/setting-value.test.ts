import { describe, expect, it } from 'vitest';
import type { SettingValue } from '../../../src/model/desired-state.js';
import type { LiveSetting } from '../../../src/model/live-state.js';
import { normalizeSetting, settingMatches, settingText } from '../../../src/model/setting-value.js';

type Live = Pick<LiveSetting, 'setting' | 'unit' | 'vartype'>;
const integer = (setting: string, unit: string | null = null): Live => ({
  setting,
  unit,
  vartype: 'integer',
});
const real = (setting: string, unit: string | null = null): Live => ({ setting, unit, vartype: 'real' });
const bool = (setting: string): Live => ({ setting, unit: null, vartype: 'bool' });
const enumeration = (setting: string): Live => ({ setting, unit: null, vartype: 'enum' });
const text = (setting: string): Live => ({ setting, unit: null, vartype: 'string' });

describe('settingMatches compares in pg_settings units', () => {
  it.each([
    [10, integer('10'), true],
    ['10', integer('10'), true],
    [' 10 ', integer('10'), true],
    [11, integer('10'), false],
    ['64MB', integer('8192', '8kB'), true],
    ['128MB', integer('16384', '8kB'), true],
    ['1GB', integer('131072', '8kB'), true],
    ['64MB', integer('16384', '8kB'), false],
    ['1GB', integer('1024', 'MB'), true],
    ['4096kB', integer('4', 'MB'), true],
    ['60s', integer('60000', 'ms'), true],
    ['1min', integer('60', 's'), true],
    ['1h', integer('60', 'min'), true],
    ['1d', integer('1440', 'min'), true],
    ['500us', integer('1', 'ms'), true],
    ['5s', integer('5000', 'ms'), true],
    [1000, integer('1000', 'ms'), true],
    ['64XB', integer('8192', '8kB'), false],
    ['64MB', integer('64', null), false],
    ['0.2', real('0.2'), true],
    [0.2, real('0.2'), true],
    ['2ms', real('2', 'ms'), true],
    [true, bool('on'), true],
    ['true', bool('on'), true],
    ['on', bool('on'), true],
    ['yes', bool('on'), true],
    ['1', bool('on'), true],
    ['t', bool('on'), true],
    ['off', bool('on'), false],
    [false, bool('off'), true],
    ['of', bool('off'), true],
    ['o', bool('off'), false],
    ['logical', enumeration('logical'), true],
    ['LOGICAL', enumeration('logical'), true],
    ['replica', enumeration('logical'), false],
    ['$user, public', text('$user, public'), true],
    ['Public', text('public'), false],
  ] as [SettingValue, Live, boolean][])('%j vs %j -> %s', (value, live, expected) => {
    expect(settingMatches(value, live)).toBe(expected);
  });
});

describe('normalizeSetting', () => {
  it.each([
    ['64MB', integer('0', '8kB'), '8192'],
    ['100ms', integer('0', 's'), '0'],
    ['1500ms', integer('0', 's'), '2'],
    [true, bool('off'), 'on'],
    ['nonsense', integer('0'), undefined],
  ] as [SettingValue, Live, string | undefined][])('%j in %j -> %j', (value, live, expected) => {
    expect(normalizeSetting(value, live)).toBe(expected);
  });
});

describe('settingText', () => {
  it.each([
    [true, 'on'],
    [false, 'off'],
    [10, '10'],
    ['64MB', '64MB'],
  ] as [SettingValue, string][])('%j -> %s', (value, written) => {
    expect(settingText(value)).toBe(written);
  });
});
