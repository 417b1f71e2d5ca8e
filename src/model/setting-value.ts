import type { SettingValue } from './desired-state.js';
import type { LiveSetting } from './live-state.js';

/**
 * Desired settings are written as users write postgresql.conf (`on`, `true`, `64MB`, `10`); live
 * ones come from pg_settings, where `setting` is in `unit` (8kB pages for shared_buffers). Both are
 * brought to pg_settings terms before comparing, so an equal value never shows up as a change.
 */

/** The text ALTER SYSTEM writes: booleans as on/off, everything else as written. */
export function settingText(value: SettingValue): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

/** Whether the desired value equals the live one in pg_settings terms. */
export function settingMatches(
  value: SettingValue,
  live: Pick<LiveSetting, 'setting' | 'unit' | 'vartype'>,
): boolean {
  const desired = normalizeSetting(value, live);
  if (desired === undefined) return false;
  if (live.vartype === 'integer' || live.vartype === 'real') return Number(desired) === Number(live.setting);
  if (live.vartype === 'bool') return desired === parseBool(live.setting);
  if (live.vartype === 'enum') return desired === live.setting.trim().toLowerCase();
  return desired === live.setting;
}

/**
 * The desired value as pg_settings would show it, or undefined when it cannot be read as the
 * setting's type (PostgreSQL then rejects it at apply, with its own message).
 */
export function normalizeSetting(
  value: SettingValue,
  live: Pick<LiveSetting, 'unit' | 'vartype'>,
): string | undefined {
  switch (live.vartype) {
    case 'bool':
      return typeof value === 'boolean' ? (value ? 'on' : 'off') : parseBool(String(value));
    case 'integer': {
      const n = numberInUnit(value, live.unit);
      return n === undefined ? undefined : String(Math.round(n));
    }
    case 'real': {
      const n = numberInUnit(value, live.unit);
      return n === undefined ? undefined : String(n);
    }
    case 'enum':
      return settingText(value).trim().toLowerCase();
    case 'string':
      return settingText(value);
  }
}

/** PostgreSQL's parse_bool: true/false, yes/no, on/off, 1/0 and unique prefixes, any case. */
function parseBool(text: string): 'on' | 'off' | undefined {
  const v = text.trim().toLowerCase();
  if (v === '') return undefined;
  if (v === '1' || v === 'on' || 'true'.startsWith(v) || 'yes'.startsWith(v)) return 'on';
  if (v === '0' || (v.length >= 2 && 'off'.startsWith(v)) || 'false'.startsWith(v) || 'no'.startsWith(v)) {
    return 'off';
  }
  return undefined;
}

const MEMORY_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};
const TIME_UNITS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A bare number is already in the setting's unit; a number with a unit is converted to it. */
function numberInUnit(value: SettingValue, unit: string | null): number | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]*)\s*$/.exec(value);
  if (match === null) return undefined;
  const n = Number(match[1]);
  const valueUnit = match[2] ?? '';
  if (valueUnit === '') return n;
  const base = unitSize(unit);
  if (base === undefined) return undefined;
  const size = base.table[valueUnit];
  return size === undefined ? undefined : (n * size) / base.size;
}

/** `8kB` -> 8192 bytes in the memory table; `min` -> 60000 ms in the time table. */
function unitSize(
  unit: string | null,
): { readonly table: Readonly<Record<string, number>>; readonly size: number } | undefined {
  if (unit === null) return undefined;
  const match = /^(\d*)\s*([A-Za-z]+)$/.exec(unit.trim());
  if (match === null) return undefined;
  const factor = match[1] === '' ? 1 : Number(match[1]);
  const name = match[2]!;
  for (const table of [MEMORY_UNITS, TIME_UNITS]) {
    const size = table[name];
    if (size !== undefined) return { table, size: factor * size };
  }
  return undefined;
}
