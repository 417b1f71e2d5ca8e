import type { SettingValue } from '../model/desired-state.js';

/**
 * A boolean subscription option as written (`true`, `on`, `1`, `false`, `off`, ...), or
 * `fallback` when it is absent or not a boolean spelling.
 */
export function optionFlag(value: SettingValue | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const text = String(value).trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(text)) return true;
  if (['false', 'off', 'no', '0'].includes(text)) return false;
  return fallback;
}
