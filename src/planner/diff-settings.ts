import { ReplctlError } from '../errors.js';
import type { LiveSetting } from '../model/live-state.js';
import { normalizeSetting, settingMatches, settingText } from '../model/setting-value.js';
import type { Change, RunningSetting } from './changes.js';
import { type DiffInput, sortedKeys } from './diff-input.js';
import { mentionedKeys } from './managed-scope.js';
import { formatPath } from './paths.js';

/**
 * Source settings: ALTER SYSTEM SET for values that differ in pg_settings terms, RESET for managed
 * settings that left the desired state, a reload after either, and a restart when a postmaster
 * setting changed or the server already reports `pending_restart`.
 */
export function diffSettings({ desired, live, managed }: DiffInput): Change[] {
  const wanted = desired.source?.settings ?? {};
  const liveSettings = live.source.settings;
  const changes: Change[] = [];
  const restartFor = new Set<string>();
  const restartedWith: RunningSetting[] = [];

  for (const name of sortedKeys(wanted)) {
    const path = formatPath('source', 'settings', name);
    const current = findSetting(liveSettings, name);
    if (current === undefined) {
      throw new ReplctlError(`${path}: the source server has no setting named ${JSON.stringify(name)}`);
    }
    if (current.context === 'internal') {
      throw new ReplctlError(`${path}: ${name} is fixed when the server is built and cannot be set`);
    }
    const value = wanted[name]!;
    if (settingMatches(value, current)) continue;
    const needsRestart = current.context === 'postmaster';
    if (needsRestart) {
      restartFor.add(name);
      const running = normalizeSetting(value, current);
      // A value the server cannot read fails at ALTER SYSTEM, before the restart.
      if (running !== undefined)
        restartedWith.push({ name: name.toLowerCase(), setting: running, equal: true });
    }
    changes.push({ kind: 'SetSetting', name, value: settingText(value), needsRestart, reasons: [path] });
  }

  for (const name of [...mentionedKeys(managed, ['source', 'settings'])].sort()) {
    if (name in wanted) continue;
    const current = findSetting(liveSettings, name);
    // Only what ALTER SYSTEM set is reset; unknown (undefined) resets, which is harmless.
    if (current === undefined || current.inAutoConf === false) continue;
    const needsRestart = current.context === 'postmaster';
    if (needsRestart) {
      restartFor.add(name);
      restartedWith.push({ name: name.toLowerCase(), setting: current.setting, equal: false });
    }
    changes.push({
      kind: 'ResetSetting',
      name,
      needsRestart,
      reasons: [formatPath('source', 'settings', name)],
    });
  }

  if (changes.length > 0) changes.push({ kind: 'ReloadSource', reasons: changes.flatMap((c) => c.reasons) });

  for (const name of Object.keys(liveSettings)) if (liveSettings[name]!.pendingRestart) restartFor.add(name);
  if (restartFor.size > 0) {
    const settings = [...restartFor].sort();
    changes.push({
      kind: 'RestartSource',
      settings,
      restartedWith,
      reasons: settings.map((name) => formatPath('source', 'settings', name)),
    });
  }
  return changes;
}

/** pg_settings names are lower-case; changesets may spell them otherwise. */
function findSetting(settings: Readonly<Record<string, LiveSetting>>, name: string): LiveSetting | undefined {
  return settings[name] ?? settings[name.toLowerCase()];
}
