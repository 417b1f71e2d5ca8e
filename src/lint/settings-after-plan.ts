import type { DesiredState } from '../model/desired-state.js';
import type { LiveSetting, LiveState } from '../model/live-state.js';
import { normalizeSetting } from '../model/setting-value.js';

/**
 * A source setting as a number once the plan has run: the desired value (ALTER SYSTEM and the
 * restart the plan makes) when a changeset sets it, else the running one. Undefined when unknown.
 */
export function sourceSettingAfterPlan(
  desired: DesiredState,
  live: LiveState,
  name: string,
): number | undefined {
  const current = live.source.settings[name];
  const wanted = desired.source?.settings?.[name];
  if (wanted !== undefined && current !== undefined) return numeric(normalizeSetting(wanted, current));
  return numeric(current?.setting);
}

/** A source setting's text value after the plan (for enums such as wal_level). */
export function sourceTextSettingAfterPlan(
  desired: DesiredState,
  live: LiveState,
  name: string,
): string | undefined {
  const current = live.source.settings[name];
  const wanted = desired.source?.settings?.[name];
  if (wanted !== undefined) return current === undefined ? String(wanted) : normalizeSetting(wanted, current);
  return current?.setting;
}

/**
 * A target setting as a number once the plan has run: the desired parameter group's value when
 * the plan applies the group (the environment has the RDS API), else the running one.
 */
export function targetSettingAfterPlan(
  desired: DesiredState,
  live: LiveState,
  name: string,
): number | undefined {
  const wanted = desired.target?.parameterGroup?.parameters?.[name];
  if (wanted !== undefined && live.rds !== undefined) return numeric(String(wanted));
  const current: LiveSetting | undefined = live.target.settings?.[name];
  return numeric(current?.setting);
}

function numeric(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
