import { normalizeSetting, settingMatches } from '../../model/setting-value.js';
import { rdsValue } from '../../planner/diff-rds.js';
import type { LintRule } from '../lint-rule.js';

/**
 * Changes that take a server down: RDS parameters with ApplyType static (and attaching a parameter
 * group) need an instance reboot, during which the target refuses connections and subscriptions
 * stop; source settings with context postmaster need a restart, which stops every walsender and
 * every application session. The plan does both; this says so before apply, to pick the moment.
 */
export const rdsRebootRequired: LintRule = {
  id: 'rds-reboot-required',
  severity: 'warning',
  summary: 'the plan reboots the RDS instance (a static parameter or a parameter group change)',
  check({ desired, live }) {
    const group = desired.target?.parameterGroup;
    const rds = live.rds;
    if (group === undefined || rds === undefined) return [];
    const name = group.name.toLowerCase();
    const existing = rds.parameterGroup?.name.toLowerCase() === name ? rds.parameterGroup : undefined;
    const attached = rds.instance.parameterGroupName.toLowerCase() === name;
    const reasons: string[] = [];
    if (!attached)
      reasons.push(`parameter group ${group.name} is attached to it, which takes effect at reboot`);
    const statics = Object.entries(group.parameters ?? {})
      .filter(([parameter, value]) => existing?.parameters[parameter]?.value !== rdsValue(value))
      .filter(
        ([parameter]) =>
          (existing?.parameters[parameter]?.applyType ?? rds.applyTypes?.[parameter]) !== 'dynamic',
      )
      .map(([parameter]) => parameter)
      .sort();
    if (attached && statics.length > 0) reasons.push(`static parameters change: ${statics.join(', ')}`);
    if (reasons.length === 0 && rds.instance.parameterApplyStatus === 'pending-reboot') {
      reasons.push('RDS already reports pending-reboot');
    }
    if (reasons.length === 0) return [];
    return [
      {
        object: rds.instance.identifier,
        message:
          `The plan reboots RDS instance ${rds.instance.identifier} (${reasons.join('; ')}): the target refuses ` +
          'connections for some minutes, queries on it fail, and its subscriptions stop and reconnect afterwards.',
        fix:
          'Apply in a maintenance window. To acknowledge it in the changeset: lint: { waive: { rds-reboot-required: ' +
          `{ ${rds.instance.identifier}: "<why now is fine>" } } }.`,
      },
    ];
  },
};

export const sourceRestartRequired: LintRule = {
  id: 'source-restart-required',
  severity: 'warning',
  summary: 'the plan restarts the source (a postmaster setting changes or a restart is pending)',
  check({ desired, live }) {
    const settings = live.source.settings;
    const changed = Object.entries(desired.source?.settings ?? {})
      .filter(([name]) => (settings[name] ?? settings[name.toLowerCase()])?.context === 'postmaster')
      .filter(([name, value]) => {
        const current = settings[name] ?? settings[name.toLowerCase()];
        return (
          current !== undefined &&
          normalizeSetting(value, current) !== undefined &&
          !settingMatches(value, current)
        );
      })
      .map(([name]) => name);
    const pending = Object.entries(settings)
      .filter(([, s]) => s.pendingRestart)
      .map(([name]) => name);
    const all = [...new Set([...changed, ...pending])].sort();
    if (all.length === 0) return [];
    return [
      {
        object: 'source',
        message:
          `The plan restarts the source PostgreSQL for ${all.join(', ')} (context postmaster): every session on ` +
          'it, applications included, is cut off until it is back.',
        fix:
          'Apply in a maintenance window (environments with restart: manual stop there for an operator). To ' +
          'acknowledge it in the changeset: lint: { waive: { source-restart-required: { source: "<why now is fine>" } } }.',
      },
    ];
  },
};
