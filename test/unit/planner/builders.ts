import type { DesiredState } from '../../../src/model/desired-state.js';
import type {
  LiveColumn,
  LivePublication,
  LiveRds,
  LiveRdsParameter,
  LiveSetting,
  LiveSource,
  LiveState,
  LiveSubscription,
  LiveTable,
  LiveTarget,
} from '../../../src/model/live-state.js';
import type { PlanContext, SecretStatus } from '../../../src/planner/context.js';
import { plan } from '../../../src/planner/index.js';
import { managedScope } from '../../../src/planner/managed-scope.js';
import type { Plan, Step } from '../../../src/planner/plan.js';
import { displaySql } from '../../../src/planner/sql-text.js';

/** Small builders of synthetic states: every default is a converged, empty environment. */

export const V16 = 160004;
export const ROLE_FP = 'replctl:v1:scrypt:c2FsdA:role-fingerprint';
export const SUB_FP = 'replctl:v1:scrypt:c2FsdA:subscription-fingerprint';

export function setting(value: string, options: Partial<LiveSetting> = {}): LiveSetting {
  return {
    setting: value,
    unit: null,
    vartype: 'string',
    context: 'sighup',
    pendingRestart: false,
    ...options,
  };
}

/** The three settings of the runbook, as a fresh server has them (wal_level replica). */
export function freshSettings(): Record<string, LiveSetting> {
  return {
    wal_level: setting('replica', { vartype: 'enum', context: 'postmaster', inAutoConf: false }),
    max_replication_slots: setting('5', { vartype: 'integer', context: 'postmaster', inAutoConf: false }),
    max_wal_senders: setting('5', { vartype: 'integer', context: 'postmaster', inAutoConf: false }),
  };
}

/** The runbook's settings in place. */
export function logicalSettings(): Record<string, LiveSetting> {
  return {
    wal_level: setting('logical', { vartype: 'enum', context: 'postmaster', inAutoConf: true }),
    max_replication_slots: setting('10', { vartype: 'integer', context: 'postmaster', inAutoConf: true }),
    max_wal_senders: setting('10', { vartype: 'integer', context: 'postmaster', inAutoConf: true }),
  };
}

export function column(name: string, type: string, notNull = false): LiveColumn {
  return { name, type, notNull };
}

export function table(columns: readonly LiveColumn[], primaryKey: readonly string[] = []): LiveTable {
  return { columns, primaryKey, replicaIdentity: 'd', kind: 'r', isPartition: false, estimatedRows: 0 };
}

/** users(id bigint pk, email text not null, name text) and orders(id, user_id, total, note). */
export function sourceTables(): Record<string, LiveTable> {
  return {
    'public.users': table(
      [column('id', 'bigint', true), column('email', 'text', true), column('name', 'text')],
      ['id'],
    ),
    'public.orders': table(
      [
        column('id', 'bigint', true),
        column('user_id', 'bigint', true),
        column('total', 'numeric(10,2)'),
        column('note', 'character varying(200)'),
      ],
      ['id'],
    ),
  };
}

export function publication(
  tables: LivePublication['tables'],
  options: Partial<LivePublication> = {},
): LivePublication {
  return {
    owner: 'postgres',
    allTables: false,
    publish: ['insert', 'update', 'delete', 'truncate'],
    publishViaPartitionRoot: false,
    tables,
    schemas: [],
    ...options,
  };
}

export function subscription(options: Partial<LiveSubscription> = {}): LiveSubscription {
  return {
    enabled: true,
    publications: ['my_publication'],
    slotName: 'my_subscription',
    options: { binary: 'false', streaming: 'off' },
    connectionFingerprint: SUB_FP,
    tables: {},
    ...options,
  };
}

export function rdsParameter(value: string, applyType: 'static' | 'dynamic'): LiveRdsParameter {
  return { value, applyType, source: 'user', isModifiable: true };
}

export function rds(options: {
  readonly attached?: string;
  readonly applyStatus?: string;
  readonly status?: string;
  readonly group?: LiveRds['parameterGroup'];
  readonly applyTypes?: LiveRds['applyTypes'];
}): LiveRds {
  return {
    instance: {
      identifier: 'reporting-replica',
      status: options.status ?? 'available',
      engineVersion: '16.4',
      parameterGroupName: options.attached ?? 'default.postgres16',
      parameterApplyStatus: options.applyStatus ?? 'in-sync',
    },
    ...(options.group === undefined ? {} : { parameterGroup: options.group }),
    ...(options.applyTypes === undefined ? {} : { applyTypes: options.applyTypes }),
  };
}

export function liveState(parts: {
  readonly source?: Partial<LiveSource>;
  readonly target?: Partial<LiveTarget>;
  readonly rds?: LiveRds;
}): LiveState {
  return {
    source: {
      serverVersionNum: V16,
      database: 'app',
      settings: {},
      roles: {},
      grants: {},
      publications: {},
      tables: sourceTables(),
      slots: [],
      ...parts.source,
    },
    target: {
      serverVersionNum: V16,
      database: 'app',
      databaseExists: true,
      schemas: ['public'],
      tables: {},
      subscriptions: {},
      ...parts.target,
    },
    ...(parts.rds === undefined ? {} : { rds: parts.rds }),
  };
}

const matching: SecretStatus = { matches: true, fingerprint: ROLE_FP };

export function context(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    environment: 'local',
    targetVersion: 1,
    changesetChecksums: { '1': 'sha256:aaaa' },
    toolVersion: '0.1.0',
    createdAt: '2025-01-01T00:00:00.000Z',
    sourceDatabase: 'app',
    restart: { command: 'replctl local restart source' },
    rdsInstance: 'reporting-replica',
    subscriptionConnection: {
      host: '10.0.0.5',
      port: '5432',
      dbname: 'app',
      user: 'replicator',
      sslmode: 'require',
      password: { env: 'REPLICATOR_PASSWORD' },
    },
    secrets: {
      roles: { replicator: matching },
      subscriptions: { my_subscription: { matches: true, fingerprint: SUB_FP } },
    },
    ...overrides,
  };
}

/** Plans with the scope of `documents` (default: the desired state alone, which removes nothing). */
export function planFor(
  desired: DesiredState,
  live: LiveState,
  options: { readonly context?: PlanContext; readonly documents?: readonly unknown[] } = {},
): Plan {
  return plan(desired, live, options.context ?? context(), managedScope(options.documents ?? [desired]));
}

/** One line per step: `id: what it does`, SQL as displayed (no secret can appear). */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'sql':
      return `${step.id}: ${displaySql(step.sql)}`;
    case 'aws':
      return `${step.id}: ${step.operation} ${JSON.stringify(step.input)}`;
    case 'wait':
      return `${step.id}: wait ${JSON.stringify(step.condition)}`;
    case 'restart':
      return `${step.id}: restart`;
    case 'manual':
      return `${step.id}: manual ${step.instruction}`;
  }
}

export function lines(result: Plan): string[] {
  return result.steps.map(describeStep);
}

export function ids(result: Plan): string[] {
  return result.steps.map((s) => s.id);
}

export function stepById(result: Plan, id: string): Step {
  const step = result.steps.find((s) => s.id === id);
  if (step === undefined) throw new Error(`no step ${id} in: ${ids(result).join(', ')}`);
  return step;
}

/** The runbook's desired state (design §2 changeset 1). */
export function runbookDesired(): DesiredState {
  return {
    source: {
      settings: { wal_level: 'logical', max_replication_slots: 10, max_wal_senders: 10 },
      roles: { replicator: { login: true, replication: true, password: { env: 'REPLICATOR_PASSWORD' } } },
      grants: {
        replicator: { connect: true, usage: ['public'], select: { 'public.users': {}, 'public.orders': {} } },
      },
      publications: {
        my_publication: {
          publish: ['insert', 'update', 'delete', 'truncate'],
          tables: { 'public.users': {}, 'public.orders': { columns: ['id', 'user_id', 'total'] } },
        },
      },
    },
    target: {
      database: 'app',
      parameterGroup: {
        name: 'logical-replication-pg',
        family: 'postgres16',
        description: 'Parameter group for logical replication',
        parameters: {
          'rds.logical_replication': 1,
          max_logical_replication_workers: 10,
          max_worker_processes: 20,
        },
      },
      tables: { 'public.users': { from: 'source' }, 'public.orders': { from: 'source' } },
      subscriptions: { my_subscription: { publications: ['my_publication'], enabled: true } },
    },
  };
}

/** The live state once the runbook has run to the end. */
export function runbookLive(): LiveState {
  return liveState({
    source: {
      settings: logicalSettings(),
      roles: {
        replicator: {
          login: true,
          replication: true,
          superuser: false,
          connectionLimit: -1,
          passwordFingerprint: ROLE_FP,
        },
      },
      grants: { replicator: { connect: true, usage: ['public'], select: ['public.orders', 'public.users'] } },
      publications: {
        my_publication: publication({
          'public.users': {},
          'public.orders': { columns: ['id', 'user_id', 'total'] },
        }),
      },
    },
    target: {
      tables: {
        'public.users': sourceTables()['public.users']!,
        'public.orders': table(
          [column('id', 'bigint', true), column('user_id', 'bigint', true), column('total', 'numeric(10,2)')],
          ['id'],
        ),
      },
      subscriptions: {
        my_subscription: subscription({
          tables: { 'public.users': { state: 'r' }, 'public.orders': { state: 'r' } },
        }),
      },
    },
    rds: rds({
      attached: 'logical-replication-pg',
      group: {
        name: 'logical-replication-pg',
        family: 'postgres16',
        description: 'Parameter group for logical replication',
        parameters: {
          'rds.logical_replication': rdsParameter('1', 'static'),
          max_logical_replication_workers: rdsParameter('10', 'static'),
          max_worker_processes: rdsParameter('20', 'static'),
        },
      },
    }),
  });
}
