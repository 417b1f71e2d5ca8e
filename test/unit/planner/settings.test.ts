import { describe, expect, it } from 'vitest';
import { ReplctlError } from '../../../src/errors.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LiveSetting } from '../../../src/model/live-state.js';
import { context, lines, liveState, planFor, setting } from './builders.js';

const RESTART = ['source.restart: restart', 'source.restart.wait: wait {"kind":"source-no-pending-restart"}'];
const RELOAD = 'source.settings.reload: SELECT pg_catalog.pg_reload_conf();';

const postmaster = (value: string, options: Partial<LiveSetting> = {}) =>
  setting(value, { vartype: 'integer', context: 'postmaster', inAutoConf: false, ...options });
const sighup = (value: string, options: Partial<LiveSetting> = {}) =>
  setting(value, { vartype: 'integer', context: 'sighup', inAutoConf: false, ...options });

interface Case {
  readonly name: string;
  readonly desired: DesiredState;
  readonly live: Record<string, LiveSetting>;
  readonly documents?: readonly unknown[];
  readonly want: readonly string[];
}

const cases: Case[] = [
  {
    name: 'a postmaster setting: ALTER SYSTEM, reload, restart, wait',
    desired: { source: { settings: { max_wal_senders: 20 } } },
    live: { max_wal_senders: postmaster('10') },
    want: [
      `source.setting.max_wal_senders.set: ALTER SYSTEM SET "max_wal_senders" = '20';`,
      RELOAD,
      ...RESTART,
    ],
  },
  {
    name: 'a sighup setting: reload only',
    desired: { source: { settings: { wal_sender_timeout: '30s' } } },
    live: { wal_sender_timeout: sighup('60000', { unit: 'ms' }) },
    want: [`source.setting.wal_sender_timeout.set: ALTER SYSTEM SET "wal_sender_timeout" = '30s';`, RELOAD],
  },
  {
    name: 'equal in pg_settings units: nothing',
    desired: {
      source: { settings: { wal_sender_timeout: '60s', shared_buffers: '128MB', hot_standby: true } },
    },
    live: {
      wal_sender_timeout: sighup('60000', { unit: 'ms' }),
      shared_buffers: postmaster('16384', { unit: '8kB' }),
      hot_standby: setting('on', { vartype: 'bool', context: 'postmaster' }),
    },
    want: [],
  },
  {
    name: 'a boolean is written on/off',
    desired: { source: { settings: { log_replication_commands: true } } },
    live: { log_replication_commands: setting('off', { vartype: 'bool', context: 'superuser' }) },
    want: [
      `source.setting.log_replication_commands.set: ALTER SYSTEM SET "log_replication_commands" = 'on';`,
      RELOAD,
    ],
  },
  {
    name: 'a live pending_restart owes a restart even when nothing differs',
    desired: { source: { settings: { wal_level: 'logical' } } },
    live: { wal_level: setting('logical', { vartype: 'enum', context: 'postmaster', pendingRestart: true }) },
    want: RESTART,
  },
  {
    name: 'the reverse: a managed setting removed from the desired state is reset',
    desired: { source: { settings: {} } },
    documents: [
      { source: { settings: { max_wal_senders: 20 } } },
      { source: { settings: { max_wal_senders: null } } },
    ],
    live: { max_wal_senders: postmaster('20', { inAutoConf: true }) },
    want: [`source.setting.max_wal_senders.reset: ALTER SYSTEM RESET "max_wal_senders";`, RELOAD, ...RESTART],
  },
  {
    name: 'a removed setting that ALTER SYSTEM does not hold: nothing to reset',
    desired: {},
    documents: [{ source: { settings: { max_wal_senders: 20 } } }],
    live: { max_wal_senders: postmaster('20', { inAutoConf: false }) },
    want: [],
  },
  {
    name: 'a removed setting whose origin cannot be read is reset (harmless)',
    desired: {},
    documents: [{ source: { settings: { wal_sender_timeout: '30s' } } }],
    live: { wal_sender_timeout: sighup('30000', { unit: 'ms', inAutoConf: undefined }) },
    want: [`source.setting.wal_sender_timeout.reset: ALTER SYSTEM RESET "wal_sender_timeout";`, RELOAD],
  },
  {
    name: 'a setting no changeset mentioned is left alone',
    desired: { source: { settings: { max_wal_senders: 10 } } },
    live: { max_wal_senders: postmaster('10'), work_mem: sighup('8192', { unit: 'kB', inAutoConf: true }) },
    want: [],
  },
  {
    name: 'names are matched case-insensitively, as PostgreSQL does',
    desired: { source: { settings: { Max_Wal_Senders: 10 } } },
    live: { max_wal_senders: postmaster('10') },
    want: [],
  },
];

describe('source settings', () => {
  it.each(cases)('$name', ({ desired, live, documents, want }) => {
    const result = planFor(
      desired,
      liveState({ source: { settings: live } }),
      documents ? { documents } : {},
    );
    expect(lines(result)).toEqual(want);
  });

  it('runs ALTER SYSTEM alone, outside a transaction', () => {
    const result = planFor(
      { source: { settings: { max_wal_senders: 20 } } },
      liveState({ source: { settings: { max_wal_senders: postmaster('10') } } }),
    );
    expect(result.steps.map((s) => [s.id, s.transactional])).toEqual([
      ['source.setting.max_wal_senders.set', false],
      ['source.settings.reload', true],
      ['source.restart', false],
      ['source.restart.wait', false],
    ]);
  });

  it('a restart is done when the settings it is for run with their new values, not merely when none is pending', () => {
    const result = planFor(
      { source: { settings: { Max_Wal_Senders: 20, shared_buffers: '256MB', wal_level: 'LOGICAL' } } },
      liveState({
        source: {
          settings: {
            max_wal_senders: postmaster('10'),
            shared_buffers: postmaster('16384', { unit: '8kB' }),
            wal_level: setting('replica', { vartype: 'enum', context: 'postmaster' }),
          },
        },
      }),
    );
    const restart = result.steps.find((s) => s.id === 'source.restart');
    const wait = result.steps.find((s) => s.id === 'source.restart.wait');
    expect(restart?.postcondition?.params).toEqual([
      ['max_wal_senders', 'shared_buffers', 'wal_level'],
      ['20', '32768', 'logical'],
      [true, true, true],
    ]);
    expect(restart?.postcondition?.sql).toContain('pending_restart');
    expect(wait?.postcondition).toEqual(restart?.postcondition);
  });

  it('a reset setting is restarted when its running value moved off the one it had', () => {
    const result = planFor(
      { source: { settings: {} } },
      liveState({ source: { settings: { max_wal_senders: postmaster('20', { inAutoConf: true }) } } }),
      { documents: [{ source: { settings: { max_wal_senders: 20 } } }] },
    );
    expect(result.steps.find((s) => s.id === 'source.restart')?.postcondition?.params).toEqual([
      ['max_wal_senders'],
      ['20'],
      [false],
    ]);
  });

  it('refuses a setting the server does not have, naming it', () => {
    const plan = () => planFor({ source: { settings: { wal_levle: 'logical' } } }, liveState({}));
    expect(plan).toThrow(ReplctlError);
    expect(plan).toThrow('source.settings.wal_levle: the source server has no setting named "wal_levle"');
  });

  it('refuses an internal setting', () => {
    const live = liveState({
      source: { settings: { block_size: setting('8192', { context: 'internal' }) } },
    });
    expect(() =>
      planFor({ source: { settings: { block_size: 4096 } } }, live, { context: context() }),
    ).toThrow(/block_size is fixed/);
  });
});
