import { formatBytes } from '../lint/format-bytes.js';
import { type Colors, noColors } from '../render/colors.js';
import { safeLine } from '../render/terminal-text.js';
import { describeTableState } from './attention.js';
import type { StatusReport, SubscriptionStatus } from './status-report.js';

/** `replctl status` for a terminal. */
export function renderStatusText(report: StatusReport, colors: Colors = noColors): string {
  const c = colors;
  const { journal, source, target, rds } = report;
  const lines = [
    `${c.bold('Environment')} ${safeLine(report.environment)}: ${
      journal.liveVersion === null
        ? 'nothing applied yet'
        : `live at changeset version ${journal.liveVersion}`
    }, the latest is ${journal.latestVersion}.`,
    `${c.dim('Source:')} PostgreSQL ${major(source.serverVersionNum)}, wal_level ${source.walLevel}, WAL at ${source.currentLsn}, ${
      source.pendingRestart.length === 0
        ? 'no restart pending'
        : c.yellow(`restart pending for ${source.pendingRestart.join(', ')}`)
    }.`,
    `${c.dim('Target:')} PostgreSQL ${major(target.serverVersionNum)}, database ${safeLine(target.database)} ${
      target.databaseExists ? 'exists' : c.yellow('does not exist')
    }${
      rds === undefined
        ? ''
        : `; RDS instance ${safeLine(rds.instance)} ${rds.status}, parameter group ${safeLine(rds.parameterGroup)} ${
            rds.parameterApplyStatus === 'in-sync' ? 'in-sync' : c.yellow(rds.parameterApplyStatus)
          }`
    }.`,
    '',
    c.bold('Subscriptions:'),
  ];
  if (report.subscriptions.length === 0) lines.push('  (none in the changesets)');
  for (const s of report.subscriptions) lines.push(...subscriptionLines(s, c));
  lines.push('', c.bold('Replication slots on the source:'));
  if (report.slots.length === 0) lines.push('  (none)');
  for (const slot of report.slots) {
    lines.push(
      `  ${safeLine(slot.name)}  ${slot.slotType}${slot.database ? ` ${safeLine(slot.database)}` : ''}  ${
        slot.active ? c.green('active') : c.yellow('inactive')
      }${slot.retainedWalBytes === null ? '' : `  retains ${formatBytes(slot.retainedWalBytes)}`}${
        slot.walStatus ? `  wal_status ${slot.walStatus}` : ''
      }${slot.subscription ? `  (subscription ${safeLine(slot.subscription)})` : ''}`,
    );
  }
  lines.push('', c.bold('Last runs:'));
  if (journal.runs.length === 0) lines.push('  (none)');
  for (const run of journal.runs) {
    const colour = run.outcome === 'succeeded' ? c.green : run.outcome === 'running' ? c.cyan : c.red;
    lines.push(
      `  ${run.startedAt.toISOString()}  ${run.kind.padEnd(8)} v${String(run.targetVersion).padEnd(4)} ${colour(run.outcome.padEnd(9))} ${safeLine(run.startedBy)}@${safeLine(run.host)}  ${run.id}`,
    );
  }
  lines.push('');
  if (report.attention.length === 0) lines.push(c.green('All is well: nothing needs attention.'));
  else {
    lines.push(c.bold(c.yellow('Needs attention:')));
    for (const item of report.attention) lines.push(`  - ${safeLine(item)}`);
  }
  return `${lines.join('\n')}\n`;
}

function subscriptionLines(s: SubscriptionStatus, c: Colors): string[] {
  if (!s.exists) return [`  ${safeLine(s.name)}  ${c.yellow('does not exist on the target')}`];
  const worker = s.applyWorker.running
    ? c.green(`apply worker running (pid ${s.applyWorker.pid})`)
    : c.yellow('apply worker not running');
  const sender =
    s.walsender === null
      ? c.yellow('no walsender on the source')
      : s.walsender.state === 'streaming'
        ? c.green('walsender streaming')
        : c.yellow(`walsender ${s.walsender.state ?? 'unknown'}`);
  const states = new Map<string, number>();
  for (const t of s.tables) states.set(t.state, (states.get(t.state) ?? 0) + 1);
  const tables = [...states].map(([state, n]) => `${n} ${describeTableState(state)}`).join(', ') || 'none';
  const lag = [
    s.lag.bytes === null ? 'bytes unknown' : formatBytes(Math.max(0, s.lag.bytes)),
    s.lag.seconds === null ? 'time n/a (idle or not streaming)' : `${s.lag.seconds.toFixed(1)} s`,
  ].join(', ');
  const counters = Object.entries(s.counters ?? {})
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  return [
    `  ${c.bold(safeLine(s.name))}  ${s.enabled ? 'enabled' : c.yellow('disabled')}, ${worker}, ${sender}`,
    `    lag: ${lag}${
      s.applyWorker.secondsSinceMessage === null
        ? ''
        : `; last message ${s.applyWorker.secondsSinceMessage.toFixed(1)} s ago`
    }${s.applyWorker.syncWorkers > 0 ? `; ${s.applyWorker.syncWorkers} table sync workers` : ''}`,
    `    tables: ${tables}`,
    ...(counters === '' ? [] : [`    counters: ${counters}`]),
  ];
}

function major(serverVersionNum: number): string {
  return String(Math.floor(serverVersionNum / 10000));
}
