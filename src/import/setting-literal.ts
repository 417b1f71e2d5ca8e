import type { SettingValue } from '../model/desired-state.js';
import type { LiveSetting } from '../model/live-state.js';

/**
 * A running setting as a changeset writes it: booleans as true/false, numbers as numbers, and a
 * positive number with a unit in that unit's base (`shared_buffers` 16384 of 8kB -> `131072kB`), which the
 * planner reads back to the same pg_settings value.
 */
export function settingLiteral(live: Pick<LiveSetting, 'setting' | 'unit' | 'vartype'>): SettingValue {
  switch (live.vartype) {
    case 'bool':
      return live.setting === 'on';
    case 'integer':
    case 'real': {
      const n = Number(live.setting);
      // A bare number is in the setting's unit; negative values are sentinels such as -1 (off).
      if (live.unit === null || n < 0) return n;
      const unit = /^(\d*)\s*([A-Za-z]+)$/.exec(live.unit.trim());
      if (unit === null) return live.setting;
      const factor = unit[1] === '' ? 1 : Number(unit[1]);
      return `${n * factor}${unit[2]}`;
    }
    default:
      return live.setting;
  }
}
