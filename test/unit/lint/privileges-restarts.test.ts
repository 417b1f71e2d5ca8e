import { describe, expect, it } from 'vitest';
import { publicationRequiresSuperuser } from '../../../src/lint/rules/publication-requires-superuser.js';
import {
  replicationRoleAttributes,
  replicationRoleSelectMissing,
} from '../../../src/lint/rules/replication-role.js';
import { rdsRebootRequired, sourceRestartRequired } from '../../../src/lint/rules/restart-required.js';
import { walLevelNotLogical } from '../../../src/lint/rules/wal-level-not-logical.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { managedScope } from '../../../src/planner/managed-scope.js';
import { freshSettings, publication, rds, rdsParameter, setting } from '../planner/builders.js';
import { CONNECTION, cleanDesired, cleanLive, run, withSource } from './states.js';

function withPublications(publications: NonNullable<DesiredState['source']>['publications']): DesiredState {
  const base = cleanDesired();
  return {
    ...base,
    source: { ...base.source, publications: { ...base.source!.publications, ...publications } },
  };
}

describe('publication-requires-superuser', () => {
  const notSuper = withSource(cleanLive(), { login: { name: 'deployer', superuser: false } });

  it('fires for FOR ALL TABLES and new TABLES IN SCHEMA when the source login is no superuser', () => {
    const findings = run(
      publicationRequiresSuperuser,
      withPublications({ everything: { allTables: true }, sales: { schemas: { sales: {} } } }),
      notSuper,
    );
    expect(findings.map((f) => [f.object, f.severity])).toEqual([
      ['everything', 'error'],
      ['sales', 'error'],
    ]);
    expect(findings[0]!.message).toContain('login deployer is not a superuser');
    expect(findings[1]!.message).toContain('TABLES IN SCHEMA sales');
  });

  it('is quiet for a superuser, for listed tables, and when the publication already has it', () => {
    const all = withPublications({ everything: { allTables: true } });
    expect(run(publicationRequiresSuperuser, all, cleanLive())).toEqual([]);
    expect(run(publicationRequiresSuperuser, cleanDesired(), notSuper)).toEqual([]);
    const existing = withSource(notSuper, {
      publications: { ...notSuper.source.publications, everything: publication({}, { allTables: true }) },
    });
    expect(run(publicationRequiresSuperuser, all, existing)).toEqual([]);
  });
});

describe('rds-reboot-required', () => {
  it('fires when the plan attaches the group, or changes a static parameter of the attached one', () => {
    const live = cleanLive();
    const fresh = { ...live, rds: rds({}) };
    const attach = run(rdsRebootRequired, cleanDesired(), fresh);
    expect(attach).toEqual([expect.objectContaining({ severity: 'warning', object: 'reporting-replica' })]);
    expect(attach[0]!.message).toContain('is attached to it');
    const base = cleanDesired();
    const group = base.target!.parameterGroup!;
    const bigger: DesiredState = {
      ...base,
      target: {
        ...base.target,
        parameterGroup: { ...group, parameters: { ...group.parameters, max_worker_processes: 24 } },
      },
    };
    expect(run(rdsRebootRequired, bigger, live)[0]!.message).toContain(
      'static parameters change: max_worker_processes',
    );
  });

  it('is quiet for dynamic parameters and a converged group', () => {
    expect(run(rdsRebootRequired)).toEqual([]);
    const live = cleanLive();
    const dynamic = {
      ...live,
      rds: {
        ...live.rds!,
        parameterGroup: {
          ...live.rds!.parameterGroup!,
          parameters: { ...live.rds!.parameterGroup!.parameters, work_mem: rdsParameter('4096', 'dynamic') },
        },
      },
    };
    const base = cleanDesired();
    const group = base.target!.parameterGroup!;
    const workMem: DesiredState = {
      ...base,
      target: {
        ...base.target,
        parameterGroup: { ...group, parameters: { ...group.parameters, work_mem: 8192 } },
      },
    };
    expect(run(rdsRebootRequired, workMem, dynamic)).toEqual([]);
  });
});

describe('source-restart-required and wal-level-not-logical', () => {
  const fresh = withSource(cleanLive(), { settings: freshSettings() });

  it('a fresh server: the plan restarts it for the postmaster settings', () => {
    const findings = run(sourceRestartRequired, cleanDesired(), fresh);
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', object: 'source' })]);
    expect(findings[0]!.message).toContain('max_replication_slots, max_wal_senders, wal_level');
    expect(run(sourceRestartRequired)).toEqual([]);
    const pending = withSource(cleanLive(), {
      settings: { ...cleanLive().source.settings, shared_buffers: setting('4096', { pendingRestart: true }) },
    });
    expect(run(sourceRestartRequired, cleanDesired(), pending)[0]!.message).toContain('shared_buffers');
  });

  it('wal_level: an error only when no changeset makes it logical', () => {
    expect(run(walLevelNotLogical, cleanDesired(), fresh)).toEqual([]);
    const base = cleanDesired();
    const { wal_level: _, ...settings } = base.source!.settings!;
    const without = { ...base, source: { ...base.source, settings } };
    expect(run(walLevelNotLogical, without, fresh)).toEqual([
      expect.objectContaining({ severity: 'error', object: 'wal_level' }),
    ]);
  });
});

describe('replication role', () => {
  it('replication-role-attributes: the role will lack REPLICATION, or will not exist', () => {
    const base = cleanDesired();
    const noReplication: DesiredState = {
      ...base,
      source: { ...base.source, roles: { replicator: { login: true, replication: false } } },
    };
    expect(run(replicationRoleAttributes, noReplication)[0]!.message).toContain('lack REPLICATION');
    const { roles: _, ...sourceWithoutRoles } = base.source!;
    const live = withSource(cleanLive(), { roles: {} });
    expect(
      run(replicationRoleAttributes, { ...base, source: sourceWithoutRoles }, live)[0]!.message,
    ).toContain('does not exist');
    expect(run(replicationRoleAttributes)).toEqual([]);
  });

  it('replication-role-select-missing: a subscribed table without a SELECT grant after the plan', () => {
    const base = cleanDesired();
    const grants = { replicator: { ...base.source!.grants!.replicator!, select: { 'public.users': {} } } };
    const live = withSource(cleanLive(), {
      grants: { replicator: { connect: true, usage: ['public'], select: [] } },
    });
    expect(run(replicationRoleSelectMissing, { ...base, source: { ...base.source, grants } }, live)).toEqual([
      expect.objectContaining({ severity: 'warning', object: 'public.orders' }),
    ]);
    expect(run(replicationRoleSelectMissing)).toEqual([]);
  });

  it('replication-role-select-missing: a grant a changeset removes counts as revoked, one no changeset names as kept', () => {
    const base = cleanDesired();
    const grants = { replicator: { ...base.source!.grants!.replicator!, select: { 'public.users': {} } } };
    const desired = { ...base, source: { ...base.source, grants } };
    // Changeset 2 removed public.orders (`public.orders: null`): the plan revokes the live grant.
    const managed = managedScope([
      base,
      { source: { grants: { replicator: { select: { 'public.orders': null } } } } },
    ]);
    expect(
      run(replicationRoleSelectMissing, desired, cleanLive(), { connection: CONNECTION, managed }),
    ).toEqual([expect.objectContaining({ object: 'public.orders' })]);
    expect(
      run(replicationRoleSelectMissing, desired, cleanLive(), {
        connection: CONNECTION,
        managed: managedScope([desired]),
      }),
    ).toEqual([]);
  });
});
