import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../src/changesets/json.js';
import { mergePatch } from '../../../src/changesets/merge-patch.js';
import { driftPatch } from '../../../src/import/adopt-drift.js';
import { importedState } from '../../../src/import/imported-state.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import type { LiveState } from '../../../src/model/live-state.js';
import { column, context, lines, planFor, setting, table } from '../planner/builders.js';
import { CONNECTION, HAND_BUILT_SELECTION, handBuiltDiscovery, handBuiltLive } from './hand-built.js';

/** The project's changeset 1 for the hand-built setup, as a person wrote it (other spellings). */
function written(): DesiredState {
  return {
    source: {
      settings: {
        wal_level: 'LOGICAL',
        max_replication_slots: '10',
        max_wal_senders: 10,
        shared_buffers: '128MB',
      },
      roles: { replicator: { login: true, replication: true, password: { file: '.secrets/replicator' } } },
      grants: {
        replicator: {
          connect: true,
          usage: ['public'],
          select: { 'public."users"': {}, 'public.orders': {} },
        },
      },
      publications: {
        my_publication: {
          publish: ['delete', 'update', 'insert', 'truncate'],
          tables: {
            'public."users"': {},
            'public.orders': { columns: ['total', 'user_id', 'id'], where: 'total > 100' },
          },
        },
      },
    },
    target: {
      database: 'app',
      parameterGroup: {
        name: 'Logical-Replication-PG',
        family: 'postgres16',
        description: 'Parameter group for logical replication',
        parameters: {
          'rds.logical_replication': true,
          max_logical_replication_workers: '10',
          max_worker_processes: 20,
        },
      },
      tables: { 'public.users': { from: 'source' }, 'public.orders': { from: 'source' } },
      subscriptions: {
        my_subscription: { publications: ['my_publication'], enabled: true, options: { binary: 'on' } },
      },
    },
    lint: { waive: { 'replica-identity-missing': { 'public.audit_log': 'insert-only' } } },
  };
}

function withSharedBuffers(live: LiveState): LiveState {
  return {
    ...live,
    source: {
      ...live.source,
      settings: {
        ...live.source.settings,
        shared_buffers: setting('16384', { vartype: 'integer', unit: '8kB', context: 'postmaster' }),
      },
    },
  };
}

function patchFor(folded: DesiredState, live: LiveState) {
  const selection = { ...HAND_BUILT_SELECTION, settings: Object.keys(folded.source?.settings ?? {}) };
  const { state } = importedState({
    live,
    discovery: handBuiltDiscovery(),
    selection,
    connection: CONNECTION,
  });
  return driftPatch({ folded, imported: state, live });
}

function applied(folded: DesiredState, patch: JsonValue): DesiredState {
  return mergePatch(folded as unknown as JsonValue, patch) as unknown as DesiredState;
}

describe('driftPatch: the drift since the latest changeset, as the next one', () => {
  it('is empty when the project already says what is live, however it spells it', () => {
    expect(patchFor(written(), withSharedBuffers(handBuiltLive()))).toEqual({});
  });

  it('records only the drift, and planning the patched state against live changes nothing', () => {
    const base = withSharedBuffers(handBuiltLive());
    const publication = base.source.publications.my_publication!;
    const live: LiveState = {
      ...base,
      source: {
        ...base.source,
        grants: {
          replicator: {
            connect: true,
            usage: ['public'],
            select: ['public.orders', 'public.users', 'public.invoices'],
          },
        },
        publications: {
          my_publication: {
            ...publication,
            publish: ['insert', 'update', 'delete'],
            tables: { ...publication.tables, 'public.invoices': {} },
          },
        },
        tables: {
          ...base.source.tables,
          'public.invoices': table([column('id', 'bigint', true), column('amount', 'numeric')], ['id']),
        },
      },
      target: {
        ...base.target,
        tables: {
          ...base.target.tables,
          'public.invoices': table([column('id', 'bigint', true), column('amount', 'numeric')], ['id']),
        },
        subscriptions: {
          my_subscription: {
            ...base.target.subscriptions.my_subscription!,
            enabled: false,
            options: {
              ...base.target.subscriptions.my_subscription!.options,
              binary: 'false',
              streaming: 'on',
            },
          },
        },
      },
    };
    const folded = written();
    const patch = patchFor(folded, live);
    expect(patch).toEqual({
      source: {
        grants: { replicator: { select: { 'public.invoices': {} } } },
        publications: {
          my_publication: { publish: ['insert', 'update', 'delete'], tables: { 'public.invoices': {} } },
        },
      },
      target: {
        tables: { 'public.invoices': { from: 'source' } },
        subscriptions: { my_subscription: { enabled: false, options: { binary: false, streaming: 'on' } } },
      },
    });
    const documents = [folded, patch];
    expect(lines(planFor(applied(folded, patch), live, { context: context(), documents }))).toEqual([]);
  });

  it('removes what is gone live, keeps what live cannot tell, and adds no defaults', () => {
    const base = withSharedBuffers(handBuiltLive());
    const live: LiveState = {
      ...base,
      source: {
        ...base.source,
        publications: {
          my_publication: {
            ...base.source.publications.my_publication!,
            tables: { 'public.users': {}, 'public.orders': { columns: ['id', 'user_id', 'total'] } },
          },
        },
      },
      target: {
        ...base.target,
        subscriptions: {
          my_subscription: { ...base.target.subscriptions.my_subscription!, options: { binary: 'true' } },
        },
      },
    };
    const patch = patchFor(written(), live);
    // The row filter is gone live; the lint waiver, the unreported options and connectionLimit stay unsaid.
    expect(patch).toEqual({
      source: { publications: { my_publication: { tables: { 'public.orders': { where: null } } } } },
    });
  });

  it('removes a managed publication that no longer exists (validation then names the subscription that needs it)', () => {
    const base = withSharedBuffers(handBuiltLive());
    const live: LiveState = { ...base, source: { ...base.source, publications: {} } };
    const patch = patchFor(written(), live) as { source?: { publications?: unknown } };
    expect(patch.source).toHaveProperty('publications', null);
  });

  it('writes an existing target table anew only when the planner would otherwise add columns to it', () => {
    const base = withSharedBuffers(handBuiltLive());
    const folded: DesiredState = {
      ...written(),
      target: {
        ...written().target,
        tables: {
          'public.users': { from: 'source' },
          'public.orders': { columns: { id: { type: 'bigint' }, discount: { type: 'numeric' } } },
        },
      },
    };
    const patch = patchFor(folded, base) as { target?: { tables?: Record<string, unknown> } };
    expect(patch.target?.tables).toEqual({
      'public.orders': {
        columns: {
          discount: null,
          id: { notNull: true },
          user_id: { type: 'bigint', notNull: true },
          total: { type: 'numeric(10,2)', notNull: false },
          loaded_at: { type: 'timestamp with time zone', notNull: false },
        },
        primaryKey: ['id'],
      },
    });
  });
});
