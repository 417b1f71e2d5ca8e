import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { ReloadSource, ResetSetting, RestartSource, SetSetting } from './changes.js';
import type { RestartMode } from './context.js';
import { type DraftStep, manualStep, restartStep, sqlStep, statements, waitStep } from './draft-step.js';
import { formatPath } from './paths.js';
import { Phase } from './phases.js';
import * as post from './postconditions.js';
import { Tag } from './step-tags.js';

/** ALTER SYSTEM may not run in a transaction block: one statement per step. */
export function setSettingSteps(c: SetSetting): DraftStep[] {
  return [
    sqlStep({
      id: formatPath('source', 'setting', c.name, 'set'),
      endpoint: 'source',
      action: '~',
      summary: `ALTER SYSTEM SET ${c.name} = ${quoteLiteral(c.value)}${c.needsRestart ? ' (needs a restart)' : ''}`,
      sql: statements(`ALTER SYSTEM SET ${quoteIdent(c.name)} = ${quoteLiteral(c.value)}`),
      transactional: false,
      reasons: c.reasons,
      phase: Phase.setting,
      provides: [Tag.sourceSettings],
    }),
  ];
}

export function resetSettingSteps(c: ResetSetting): DraftStep[] {
  return [
    sqlStep({
      id: formatPath('source', 'setting', c.name, 'reset'),
      endpoint: 'source',
      action: '-',
      summary: `ALTER SYSTEM RESET ${c.name}${c.needsRestart ? ' (needs a restart)' : ''}`,
      sql: statements(`ALTER SYSTEM RESET ${quoteIdent(c.name)}`),
      transactional: false,
      reasons: c.reasons,
      phase: Phase.setting,
      provides: [Tag.sourceSettings],
    }),
  ];
}

export function reloadSteps(c: ReloadSource): DraftStep[] {
  return [
    sqlStep({
      id: 'source.settings.reload',
      endpoint: 'source',
      action: '~',
      summary: 'Reload the source configuration (pg_reload_conf)',
      sql: statements('SELECT pg_catalog.pg_reload_conf()'),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.reload,
      needs: [Tag.sourceSettings],
      provides: [Tag.sourceReloaded],
    }),
  ];
}

/** The restart (by command or by an operator) and the wait until nothing is pending a restart. */
export function restartSteps(c: RestartSource, mode: RestartMode): DraftStep[] {
  const settings = c.settings.join(', ');
  const common = {
    id: 'source.restart',
    reasons: c.reasons,
    phase: Phase.restart,
    needs: [Tag.sourceReloaded],
    provides: [Tag.sourceRestarted],
    postcondition: post.restartedWith(c.restartedWith),
  };
  const restart =
    mode === 'manual'
      ? manualStep({
          ...common,
          endpoint: 'host',
          summary: `Restart the source server by hand (${settings})`,
          instruction: `Restart the source PostgreSQL server so that ${settings} take effect, then run replctl apply again.`,
        })
      : restartStep({ ...common, summary: `Restart the source server: ${mode.command} (${settings})` });
  return [
    restart,
    waitStep({
      id: 'source.restart.wait',
      endpoint: 'source',
      summary: 'Wait until the source has no setting pending a restart',
      condition: { kind: 'source-no-pending-restart' },
      reasons: c.reasons,
      phase: Phase.restartWait,
      needs: [Tag.sourceRestarted],
      provides: [Tag.sourceUp],
      postcondition: post.restartedWith(c.restartedWith),
    }),
  ];
}
