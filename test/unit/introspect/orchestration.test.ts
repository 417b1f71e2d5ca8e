import { describe, expect, it } from 'vitest';
import { introspect } from '../../../src/introspect/index.js';
import type { IntrospectionScope } from '../../../src/introspect/scope.js';
import { ABORT_SNAPSHOT, BEGIN_SNAPSHOT, END_SNAPSHOT } from '../../../src/introspect/snapshot.js';
import { hbaQuery, SOURCE_SERVER_QUERY } from '../../../src/introspect/source-queries.js';
import { TABLES_QUERY } from '../../../src/introspect/table-catalog.js';
import { SUBSCRIPTION_TABLES_QUERY, TARGET_SERVER_QUERY } from '../../../src/introspect/target-queries.js';
import { FakeDb, pgError, type Reply } from './fake-db.js';

const SCOPE: IntrospectionScope = {
  tables: ['public.users'],
  roles: ['replicator'],
  publications: ['p'],
  settings: [],
  subscriptions: ['s'],
  schemas: ['public'],
  targetDatabase: 'app',
};

/** A source with nothing in it; `hbaReadable` as the server query says, `hba` the reply to it. */
function source(options: { hbaReadable: boolean; hba?: Reply }): FakeDb {
  return new FakeDb((sql) => {
    if (sql === SOURCE_SERVER_QUERY) {
      return [
        {
          server_version_num: 170002,
          database: 'app',
          hba_readable: options.hbaReadable,
          file_settings_readable: false,
        },
      ];
    }
    if (sql === hbaQuery(170002)) return options.hba ?? [];
    return [];
  });
}

/** A target whose URL names `database`; `app` exists or not. */
function target(database: string, appExists: boolean, failOn?: string): FakeDb {
  return new FakeDb((sql, params) => {
    if (sql === TARGET_SERVER_QUERY) {
      return [
        {
          server_version_num: 170002,
          database,
          target_database: params[0] ?? database,
          database_exists: appExists,
          readable_subscription_columns: ['subname'],
        },
      ];
    }
    if (sql === failOn) return new Error('connection lost');
    return [];
  });
}

describe('introspect, on scripted sessions', () => {
  it('reads the source in one snapshot and the missing target database in two queries', async () => {
    const src = source({ hbaReadable: true });
    const admin = target('postgres', false);
    const { live, stats } = await introspect(
      { source: src, target: { admin, connect: () => Promise.reject(new Error('must not connect')) } },
      SCOPE,
    );
    expect(src.sent[0]).toBe(BEGIN_SNAPSHOT);
    expect(src.sent.at(-2)).toBe(hbaQuery(170002));
    expect(src.sent.at(-1)).toBe(END_SNAPSHOT);
    expect(live.source.hba).toEqual([]);
    expect(live.target).toMatchObject({
      database: 'app',
      databaseExists: false,
      tables: {},
      subscriptions: {},
    });
    expect(stats.queries).toEqual({ source: src.sent.length, target: 2, rds: 0 });
    expect(stats.queries.source).toBe(11);
  });

  it('skips pg_hba_file_rules when the login may not read it, and survives a refusal all the same', async () => {
    const unreadable = source({ hbaReadable: false });
    const a = await introspect(
      { source: unreadable, target: { admin: target('app', false), connect: never } },
      SCOPE,
    );
    expect(a.live.source).not.toHaveProperty('hba');
    expect(unreadable.sent).not.toContain(hbaQuery(170002));
    expect(a.stats.queries.source).toBe(10);

    const refused = source({
      hbaReadable: true,
      hba: pgError('42501', 'permission denied for view pg_hba_file_rules'),
    });
    const b = await introspect(
      { source: refused, target: { admin: target('app', false), connect: never } },
      SCOPE,
    );
    expect(b.live.source).not.toHaveProperty('hba');
    expect(refused.sent.at(-1)).toBe(END_SNAPSHOT);
  });

  it('rolls the snapshot back and rethrows when a catalog query fails', async () => {
    const broken = new FakeDb((sql) =>
      sql === SOURCE_SERVER_QUERY
        ? [
            {
              server_version_num: 170002,
              database: 'app',
              hba_readable: false,
              file_settings_readable: false,
            },
          ]
        : sql === TABLES_QUERY
          ? pgError('57P01', 'terminating connection')
          : [],
    );
    await expect(
      introspect({ source: broken, target: { admin: target('app', false), connect: never } }, SCOPE),
    ).rejects.toThrow('terminating connection');
    expect(broken.sent.at(-1)).toBe(ABORT_SNAPSHOT);
  });

  it('reads the replicated database on the admin session when the target URL names it', async () => {
    const admin = target('app', true);
    const { stats } = await introspect(
      { source: source({ hbaReadable: false }), target: { admin, connect: never } },
      SCOPE,
    );
    expect(admin.sent[2]).toBe(BEGIN_SNAPSHOT);
    expect(stats.queries.target).toBe(8);
  });

  it('opens a session on another replicated database, counts it, and ends it even on failure', async () => {
    const app = target('app', true);
    const { stats } = await introspect(
      {
        source: source({ hbaReadable: false }),
        target: { admin: target('postgres', true), connect: async () => app },
      },
      SCOPE,
    );
    expect(stats.queries.target).toBe(2 + app.sent.length);
    expect(app.sent).toHaveLength(6);
    expect(app.ended).toBe(true);

    const failing = target('app', true, SUBSCRIPTION_TABLES_QUERY);
    await expect(
      introspect(
        {
          source: source({ hbaReadable: false }),
          target: { admin: target('postgres', true), connect: async () => failing },
        },
        SCOPE,
      ),
    ).rejects.toThrow('connection lost');
    expect(failing.ended).toBe(true);
    expect(failing.sent.at(-1)).toBe(ABORT_SNAPSHOT);
  });

  it('refuses servers older than 12', async () => {
    const old = new FakeDb((sql) =>
      sql === SOURCE_SERVER_QUERY
        ? [
            {
              server_version_num: 110022,
              database: 'app',
              hba_readable: false,
              file_settings_readable: false,
            },
          ]
        : [],
    );
    await expect(
      introspect({ source: old, target: { admin: target('app', false), connect: never } }, SCOPE),
    ).rejects.toThrow('Expected PostgreSQL 12 or later on the source, but got server_version_num 110022');
  });
});

function never(): Promise<never> {
  return Promise.reject(new Error('must not connect'));
}
