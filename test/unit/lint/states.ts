import type { Finding, LintContext } from '../../../src/lint/index.js';
import { lint } from '../../../src/lint/index.js';
import type { LintRule } from '../../../src/lint/lint-rule.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { HbaRule, LiveSlot, LiveState } from '../../../src/model/live-state.js';
import { runbookDesired, runbookLive, setting } from '../planner/builders.js';

/**
 * Lint fixtures: the runbook's desired state and the live state it converges to (the planner's
 * builders), completed with what only the linter reads — pg_hba.conf, the source login, the target's
 * worker settings, the subscription's slot. `clean()` gives no finding at all.
 */

export const CONNECTION: NonNullable<LintContext['connection']> = {
  host: '10.0.0.5',
  port: '5432',
  dbname: 'app',
  user: 'replicator',
  sslmode: 'require',
};

export function hbaLine(lineNumber: number, line: string, error: string | null = null): HbaRule {
  const [type = null, databases = '', users = '', address = null, netmask = null, method = null] = line
    .split(/\s+/)
    .map((p) => (p === '-' ? null : p));
  return {
    lineNumber,
    type,
    databases: databases === null ? [] : databases.split(','),
    users: users === null ? [] : users.split(','),
    address,
    netmask,
    authMethod: method,
    error,
  };
}

export function slot(name: string, options: Partial<LiveSlot> = {}): LiveSlot {
  return {
    name,
    plugin: 'pgoutput',
    slotType: 'logical',
    database: 'app',
    active: true,
    retainedWalBytes: 1024,
    walStatus: 'reserved',
    ...options,
  };
}

/** The runbook converged, as the linter sees it. */
export function cleanLive(): LiveState {
  const live = runbookLive();
  return {
    ...live,
    source: {
      ...live.source,
      login: { name: 'postgres', superuser: true },
      settings: {
        ...live.source.settings,
        max_worker_processes: setting('8', { vartype: 'integer', context: 'postmaster' }),
      },
      hba: [
        hbaLine(1, 'local all postgres - - peer'),
        hbaLine(2, 'host app replicator 10.0.0.0 255.0.0.0 scram-sha-256'),
      ],
      slots: [slot('my_subscription')],
    },
    target: {
      ...live.target,
      settings: {
        max_worker_processes: setting('20', { vartype: 'integer', context: 'postmaster' }),
        max_logical_replication_workers: setting('10', { vartype: 'integer', context: 'postmaster' }),
        max_sync_workers_per_subscription: setting('2', { vartype: 'integer', context: 'sighup' }),
      },
    },
  };
}

export function cleanDesired(): DesiredState {
  return runbookDesired();
}

/** A state with one part replaced, keeping the rest of the converged one. */
export function withSource(live: LiveState, source: Partial<LiveState['source']>): LiveState {
  return { ...live, source: { ...live.source, ...source } };
}

export function withTarget(live: LiveState, target: Partial<LiveState['target']>): LiveState {
  return { ...live, target: { ...live.target, ...target } };
}

/** The findings of one rule only. */
export function run(
  rule: LintRule,
  desired: DesiredState = cleanDesired(),
  live: LiveState = cleanLive(),
  context: LintContext = { connection: CONNECTION },
): Finding[] {
  return lint(desired, live, context, [rule]);
}
