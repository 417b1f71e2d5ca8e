import { describe, expect, it } from 'vitest';
import { scopeOf, tableNameArrays } from '../../../src/introspect/scope.js';
import type { DesiredState } from '../../../src/model/desired-state.js';

/** The design brief's changeset 1, folded. */
const INITIAL: DesiredState = {
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
      family: 'postgres15',
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

/** Version 2 folded: invoices in, users out of the grants and the publication. */
const SECOND: DesiredState = {
  ...INITIAL,
  source: {
    ...INITIAL.source,
    grants: {
      replicator: {
        connect: true,
        usage: ['public', 'Reports'],
        select: { 'public.invoices': {}, 'public.orders': {} },
      },
    },
    publications: { my_publication: { tables: { 'public.invoices': {}, '"Sales"."Customer Notes"': {} } } },
  },
  target: { database: 'app', tables: { 'public.invoices': { from: 'source' } } },
};

describe('scopeOf', () => {
  it('names every object the desired state mentions', () => {
    expect(scopeOf(INITIAL)).toEqual({
      tables: ['public.orders', 'public.users'],
      roles: ['replicator'],
      publications: ['my_publication'],
      settings: ['max_replication_slots', 'max_wal_senders', 'wal_level'],
      subscriptions: ['my_subscription'],
      schemas: ['public'],
      targetDatabase: 'app',
      parameterGroup: {
        name: 'logical-replication-pg',
        parameters: ['max_logical_replication_workers', 'max_worker_processes', 'rds.logical_replication'],
      },
    });
  });

  it('widens to what earlier versions managed, so removals can be planned', () => {
    const scope = scopeOf(SECOND, [INITIAL]);
    expect(scope.tables).toEqual([
      '"Sales"."Customer Notes"',
      'public.invoices',
      'public.orders',
      'public.users',
    ]);
    // Usage schemas as written; table schemas parsed out of the qualified names.
    expect(scope.schemas).toEqual(['Reports', 'Sales', 'public']);
    expect(scope.subscriptions).toEqual(['my_subscription']);
    // The group is the desired state's own: SECOND has none.
    expect(scope).not.toHaveProperty('parameterGroup');
  });

  it('adds the publications a subscription names, to check they exist on the source', () => {
    const scope = scopeOf({ target: { subscriptions: { s: { publications: ['elsewhere'] } } } });
    expect(scope.publications).toEqual(['elsewhere']);
    expect(scope).not.toHaveProperty('targetDatabase');
  });
});

describe('tableNameArrays', () => {
  it('splits qualified names into the parallel arrays the table queries unnest', () => {
    expect(tableNameArrays(['public.users', '"my.schema"."Order ""x"""', 'Sales.Customer Notes'])).toEqual({
      schemas: ['public', 'my.schema', 'Sales'],
      names: ['users', 'Order "x"', 'Customer Notes'],
    });
  });

  it('refuses a name without a schema', () => {
    expect(() => tableNameArrays(['users'])).toThrow(
      'Expected a table name of the form schema.table, but got: users',
    );
  });
});
