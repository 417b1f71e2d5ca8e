import { describe, expect, it } from 'vitest';
import {
  DISCOVER_OTHER_PRIVILEGES_QUERY,
  DISCOVER_PUBLISHED_TABLES_QUERY,
  DISCOVER_ROLES_QUERY,
  DISCOVER_SLOTS_QUERY,
  DISCOVER_SOURCE_SERVER_QUERY,
  DISCOVER_SUBSCRIPTIONS_QUERY,
  discoverSource,
  discoverTarget,
} from '../../../src/introspect/discover.js';
import { BEGIN_SNAPSHOT, END_SNAPSHOT } from '../../../src/introspect/snapshot.js';
import { FakeDb } from '../introspect/fake-db.js';

function source(roles: readonly Record<string, unknown>[] = []) {
  const params: unknown[][] = [];
  const db = new FakeDb((sql, p) => {
    params.push([...p]);
    if (sql === DISCOVER_SOURCE_SERVER_QUERY) {
      return [{ server_version_num: 160004, database: 'app', publications: ['my_publication', 'other'] }];
    }
    if (sql === DISCOVER_PUBLISHED_TABLES_QUERY) {
      return [
        { schema: 'public', name: 'users' },
        { schema: 'My Schema', name: 'Order.Lines' },
      ];
    }
    if (sql === DISCOVER_ROLES_QUERY) return roles;
    if (sql === DISCOVER_OTHER_PRIVILEGES_QUERY) {
      return [{ role: 'replicator', schema: 'public', name: 'users', privilege: 'SELECT (email)' }];
    }
    if (sql === DISCOVER_SLOTS_QUERY) {
      return [
        {
          name: 'my_subscription',
          slot_type: 'logical',
          database: 'app',
          active: true,
          active_user: 'replicator',
        },
        { name: 'standby', slot_type: 'physical', database: null, active: false, active_user: null },
      ];
    }
    return [];
  });
  return { db, params };
}

const replicator = {
  name: 'replicator',
  superuser: false,
  replication: true,
  login: true,
  other_attributes: ['VALID UNTIL'],
  member_of: [],
  comment: null,
  on_published: true,
  named: true,
};

describe('discovery: the names import brings under management', () => {
  it('reads the source in one snapshot, in the same number of queries whatever it holds', async () => {
    const { db, params } = source([replicator, { ...replicator, name: 'postgres', superuser: true }]);
    const found = await discoverSource(db, { publications: ['my_publication'], roles: ['replicator'] });
    expect(db.sent).toEqual([
      BEGIN_SNAPSHOT,
      DISCOVER_SOURCE_SERVER_QUERY,
      DISCOVER_PUBLISHED_TABLES_QUERY,
      DISCOVER_ROLES_QUERY,
      DISCOVER_OTHER_PRIVILEGES_QUERY,
      DISCOVER_SLOTS_QUERY,
      END_SNAPSHOT,
    ]);
    // Names go as bind parameters; only the non-superuser replication roles are asked about privileges.
    expect(params[2]).toEqual([['my_publication']]);
    expect(params[3]).toEqual([['my_publication'], ['replicator']]);
    expect(params[4]).toEqual([['my_publication'], ['replicator']]);
    expect(found).toEqual({
      serverVersionNum: 160004,
      database: 'app',
      publications: ['my_publication', 'other'],
      publishedTables: ['public.users', 'My Schema."Order.Lines"'],
      roles: [
        {
          name: 'replicator',
          superuser: false,
          replication: true,
          login: true,
          otherAttributes: ['VALID UNTIL'],
          memberOf: [],
          comment: null,
          onPublishedTables: true,
          named: true,
        },
        expect.objectContaining({ name: 'postgres', superuser: true }),
      ],
      otherPrivileges: [{ role: 'replicator', table: 'public.users', privilege: 'SELECT (email)' }],
      slots: [
        {
          name: 'my_subscription',
          slotType: 'logical',
          database: 'app',
          active: true,
          activeUser: 'replicator',
        },
        { name: 'standby', slotType: 'physical', database: null, active: false, activeUser: null },
      ],
    });
  });

  it('asks about every publication with NULL', async () => {
    const { db, params } = source();
    await discoverSource(db, { publications: 'all', roles: [] });
    expect(params[2]).toEqual([null]);
  });

  it('lists the subscriptions of every target database in one query, and copes with none', async () => {
    const rows = [
      {
        server_version_num: 170002,
        current_database: 'postgres',
        name: 'my_subscription',
        database: 'app',
        publications: ['my_publication'],
        slot_name: 'my_subscription',
        enabled: true,
      },
    ];
    const db = new FakeDb(() => rows);
    expect(await discoverTarget(db)).toEqual({
      serverVersionNum: 170002,
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
    });
    expect(db.sent).toEqual([DISCOVER_SUBSCRIPTIONS_QUERY]);
    const none = new FakeDb(() => [
      {
        server_version_num: 170002,
        current_database: 'postgres',
        name: null,
        database: null,
        publications: null,
      },
    ]);
    expect((await discoverTarget(none)).subscriptions).toEqual([]);
  });

  it('never reads subconninfo, which holds the password', () => {
    expect(DISCOVER_SUBSCRIPTIONS_QUERY).not.toMatch(/subconninfo|\*/);
    expect(DISCOVER_ROLES_QUERY).not.toMatch(/pg_authid\b(?!')/);
  });
});
