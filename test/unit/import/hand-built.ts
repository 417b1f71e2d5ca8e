import type { ImportSelection } from '../../../src/import/selection.js';
import type { DiscoveredRole, Discovery } from '../../../src/introspect/discover.js';
import type { LiveState } from '../../../src/model/live-state.js';
import { column, context, publication, runbookLive, subscription, V16 } from '../planner/builders.js';

/**
 * A setup built by hand from the runbook, as introspection reads it: the runbook's end state
 * without replctl's fingerprint COMMENTs, plus a row filter, a target table with an extra column
 * and a subscription with one option changed.
 */
export function handBuiltLive(overrides: { readonly sourceVersion?: number } = {}): LiveState {
  const live = runbookLive();
  const { passwordFingerprint: _, ...replicator } = live.source.roles.replicator!;
  const orders = live.target.tables['public.orders']!;
  return {
    ...live,
    source: {
      ...live.source,
      serverVersionNum: overrides.sourceVersion ?? V16,
      roles: { replicator },
      publications: {
        my_publication: publication({
          'public.users': {},
          'public.orders': { columns: ['id', 'user_id', 'total'], where: '(total > (100)::numeric)' },
        }),
      },
    },
    target: {
      ...live.target,
      tables: {
        ...live.target.tables,
        'public.orders': {
          ...orders,
          columns: [...orders.columns, column('loaded_at', 'timestamp with time zone')],
        },
      },
      subscriptions: {
        my_subscription: subscription({
          connectionFingerprint: undefined,
          options: {
            synchronous_commit: 'off',
            binary: 'true',
            streaming: 'off',
            two_phase: 'false',
            disable_on_error: 'false',
            password_required: 'true',
            run_as_owner: 'false',
            origin: 'any',
          },
          tables: { 'public.users': { state: 'r' }, 'public.orders': { state: 'r' } },
        }),
      },
    },
  };
}

export function role(name: string, options: Partial<DiscoveredRole> = {}): DiscoveredRole {
  return {
    name,
    superuser: false,
    replication: true,
    login: true,
    otherAttributes: [],
    memberOf: [],
    comment: null,
    onPublishedTables: true,
    named: false,
    ...options,
  };
}

export function handBuiltDiscovery(overrides: Partial<Discovery['source']> = {}): Discovery {
  return {
    source: {
      serverVersionNum: V16,
      database: 'app',
      publications: ['my_publication'],
      publishedTables: ['public.orders', 'public.users'],
      roles: [role('replicator', { named: true })],
      otherPrivileges: [],
      slots: [
        {
          name: 'my_subscription',
          slotType: 'logical',
          database: 'app',
          active: true,
          activeUser: 'replicator',
        },
      ],
      ...overrides,
    },
    target: {
      serverVersionNum: V16,
      database: 'postgres',
      subscriptions: [
        {
          name: 'my_subscription',
          database: 'app',
          publications: ['my_publication'],
          slotName: 'my_subscription',
          enabled: true,
        },
      ],
    },
    rds: {
      instance: 'reporting-replica',
      parameterGroupName: 'logical-replication-pg',
      parameterApplyStatus: 'in-sync',
      status: 'available',
    },
  };
}

export const HAND_BUILT_SELECTION: ImportSelection = {
  publications: ['my_publication'],
  subscriptions: ['my_subscription'],
  roles: ['replicator'],
  settings: ['wal_level', 'max_replication_slots', 'max_wal_senders'],
  targetDatabase: 'app',
  parameterGroup: 'logical-replication-pg',
  findings: [],
};

/** The environment's subscriptionConnection of the planner tests' context. */
export const CONNECTION = context().subscriptionConnection!;
