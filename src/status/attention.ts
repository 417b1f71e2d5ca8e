import { formatBytes } from '../lint/format-bytes.js';
import type { StatusReport } from './status-report.js';

const TABLE_STATES: Readonly<Record<string, string>> = {
  i: 'initializing',
  d: 'copying',
  f: 'copy finished',
  s: 'synchronized',
  r: 'ready',
};

export function describeTableState(state: string): string {
  return TABLE_STATES[state] ?? state;
}

/**
 * What needs attention in a status report, one sentence each with what to do (the runbook's
 * troubleshooting: replication not starting, paused, lagging, failing). Pure.
 */
export function attentionItems(report: Omit<StatusReport, 'attention'>): string[] {
  const items: string[] = [];
  const { journal, source, target, rds } = report;
  if (journal.liveVersion === null)
    items.push(`Nothing is applied to environment ${report.environment} yet: run replctl apply.`);
  else if (journal.liveVersion < journal.latestVersion) {
    items.push(
      `Live at changeset version ${journal.liveVersion}, the latest is ${journal.latestVersion}: run replctl plan, then apply.`,
    );
  }
  if (source.walLevel !== 'logical')
    items.push(`wal_level on the source is ${source.walLevel}; logical replication needs logical.`);
  if (source.pendingRestart.length > 0) {
    items.push(
      `The source owes a restart for ${source.pendingRestart.join(', ')} (pending_restart): the new values are not in effect.`,
    );
  }
  if (rds !== undefined && rds.parameterApplyStatus !== 'in-sync') {
    items.push(
      `RDS instance ${rds.instance}: parameter group ${rds.parameterGroup} is ${rds.parameterApplyStatus}${rds.parameterApplyStatus === 'pending-reboot' ? ' (a reboot applies it)' : ''}.`,
    );
  }
  if (rds !== undefined && rds.status !== 'available')
    items.push(`RDS instance ${rds.instance} is ${rds.status}.`);
  if (!target.databaseExists)
    items.push(`The replicated database ${target.database} does not exist on the target.`);
  for (const s of report.subscriptions) {
    if (!s.exists) {
      if (target.databaseExists) items.push(`Subscription ${s.name} does not exist on the target.`);
      continue;
    }
    if (s.enabled === false) {
      items.push(
        `Subscription ${s.name} is disabled (paused): its slot keeps WAL on the source until it is enabled (enabled: true).`,
      );
      continue;
    }
    if (!s.applyWorker.running) {
      items.push(
        `Subscription ${s.name} is enabled but its apply worker is not running: read the target's log (connection refused, pg_hba.conf, authentication, an apply error) and run replctl lint.`,
      );
    }
    if (s.walsender === null) {
      items.push(`No walsender on the source streams subscription ${s.name}: the target is not connected.`);
    } else if (s.walsender.state !== 'streaming') {
      items.push(
        `The source's walsender for ${s.name} is ${s.walsender.state ?? 'in an unknown state'}, not streaming.`,
      );
    }
    const notReady = s.tables.filter((t) => t.state !== 'r');
    if (notReady.length > 0) {
      const shown = notReady.slice(0, 5).map((t) => `${t.table} (${describeTableState(t.state)})`);
      items.push(
        `Subscription ${s.name}: ${notReady.length} of ${s.tables.length} tables are not ready: ${shown.join(', ')}${notReady.length > shown.length ? ', …' : ''}.`,
      );
    }
    const errors = Object.entries(s.counters ?? {}).filter(([name, n]) => n > 0 && /error|confl/.test(name));
    if (errors.length > 0) {
      items.push(
        `Subscription ${s.name} counted ${errors.map(([name, n]) => `${n} ${name.replaceAll('_', ' ')}`).join(', ')} (pg_stat_subscription_stats): see the target's log.`,
      );
    }
  }
  for (const slot of report.slots) {
    if (slot.walStatus === 'lost') {
      items.push(
        `Slot ${slot.name} lost its WAL (wal_status lost): it cannot be used again${slot.subscription ? `; recreate subscription ${slot.subscription}` : ''}.`,
      );
    } else if (!slot.active) {
      items.push(
        `Slot ${slot.name}${slot.subscription ? ` (subscription ${slot.subscription})` : ''} is inactive${slot.retainedWalBytes === null ? '' : ` and retains ${formatBytes(slot.retainedWalBytes)} of WAL`}${slot.subscription ? '' : ': drop it if nothing will use it again (pg_drop_replication_slot)'}.`,
      );
    }
  }
  return items;
}
