import { describe, expect, it } from 'vitest';
import type { DatabaseEndpoint, DbClient } from '../../../src/apply/db-client.js';
import { EndpointConnections } from '../../../src/apply/endpoint-connections.js';

interface FakeClient extends DbClient {
  readonly name: string;
  readonly queries: string[];
  ended: boolean;
  /** What the server does when it goes away: node-postgres emits `end`. */
  drop(): void;
}

/** Clients that answer the pool's set-up queries (session limits, the journal probe). */
function fakeServer() {
  const opened: FakeClient[] = [];
  const connect = async (endpoint: DatabaseEndpoint): Promise<DbClient> => {
    const listeners: (() => void)[] = [];
    const client: FakeClient = {
      name: `${endpoint}#${opened.length + 1}`,
      queries: [],
      ended: false,
      query: async (text: string) => {
        client.queries.push(text);
        if (text === 'broken') {
          throw Object.assign(new Error('terminating connection due to administrator command'), {
            code: '57P01',
          });
        }
        return { rows: [{ usable: false }] };
      },
      end: async () => {
        client.ended = true;
      },
      on: ((event: string, listener: () => void) => {
        if (event === 'end') listeners.push(listener);
      }) as DbClient['on'],
      drop: () => {
        for (const listener of listeners) listener();
      },
    };
    opened.push(client);
    return client;
  };
  const pool = new EndpointConnections(
    connect,
    { lockTimeoutMs: 1000, statementTimeoutMs: 2000 },
    { schema: 'replctl', runId: 'r1' },
  );
  return { pool, opened };
}

const nameOf = (client: DbClient) => (client as FakeClient).name;

describe('EndpointConnections', () => {
  it('gives units at once connections of their own, and reuses them after', async () => {
    const { pool, opened } = fakeServer();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = pool.use('target', async ({ client }) => {
      await held;
      return nameOf(client);
    });
    const second = await pool.use('target', async ({ client }) => nameOf(client));
    release();
    expect([await first, second]).toEqual(['target#1', 'target#2']);
    // Both idle now: the next unit takes the one last given back, no third is opened.
    const again = await Promise.all([
      pool.use('target', async ({ client }) => nameOf(client)),
      pool.use('source', async ({ client }) => nameOf(client)),
    ]);
    expect(again).toEqual(['target#1', 'source#3']);
    expect(opened).toHaveLength(3);
    // Each opened with the session limits.
    expect(opened[0]!.queries[0]).toMatch(/set_config\('lock_timeout'/);
  });

  it('drops a connection that broke or that the server ended, and opens a new one next', async () => {
    const { pool, opened } = fakeServer();
    await expect(pool.use('source', ({ client }) => client.query('broken'))).rejects.toThrow(/administrator/);
    expect(opened[0]!.ended).toBe(true);
    expect(await pool.use('source', async ({ client }) => nameOf(client))).toBe('source#2');
    opened[1]!.drop();
    expect(await pool.use('source', async ({ client }) => nameOf(client))).toBe('source#3');
  });

  it('closes every connection of an endpoint, e.g. before its server restarts', async () => {
    const { pool, opened } = fakeServer();
    await Promise.all([
      pool.use('target', async () => undefined),
      pool.use('target', async () => undefined),
      pool.use('source', async () => undefined),
    ]);
    await pool.close('target');
    expect(opened.map((c) => [c.name, c.ended])).toEqual([
      ['target#1', true],
      ['target#2', true],
      ['source#3', false],
    ]);
    expect(nameOf((await pool.get('target')).client)).toBe('target#4');
    await pool.closeAll();
    expect(opened.every((c) => c.ended)).toBe(true);
  });
});
