import { describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/apply/db-client.js';
import { JournalConnection } from '../../../src/apply/journal-connection.js';
import { fakeClock } from './fake-clock.js';

/** A client that fails its first `failures` queries as if the server had gone away. */
function flakyClient(log: string[], failures: { n: number }): DbClient {
  return {
    query: async (text: string) => {
      if (failures.n > 0) {
        failures.n--;
        throw Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        });
      }
      log.push(text);
      return { rows: [] };
    },
    end: async () => undefined,
    on: () => undefined,
  };
}

describe('JournalConnection', () => {
  it('sends one query at a time, in the order asked, when units journal at once', async () => {
    let busy = 0;
    let mostAtOnce = 0;
    const order: string[] = [];
    const client: DbClient = {
      query: async (text: string) => {
        busy++;
        mostAtOnce = Math.max(mostAtOnce, busy);
        await new Promise((resolve) => setTimeout(resolve, text === 'slow' ? 20 : 1));
        order.push(text);
        busy--;
        if (text === 'bad') throw new Error('duplicate key');
        return { rows: [] };
      },
      end: async () => undefined,
      on: () => undefined,
    };
    const journal = await JournalConnection.open({
      connect: async () => client,
      clock: fakeClock(),
      reconnectTimeoutMs: 60_000,
      onConnected: async () => undefined,
    });
    const results = await Promise.allSettled(['slow', 'bad', 'fast'].map((text) => journal.query(text)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(order).toEqual(['slow', 'bad', 'fast']);
    expect(mostAtOnce).toBe(1);
  });

  it('reconnects, re-runs its on-connect hook (the lock) and retries a write when the server restarted', async () => {
    const log: string[] = [];
    const failures = { n: 0 };
    let connects = 0;
    const notices: string[] = [];
    const journal = await JournalConnection.open({
      connect: async () => {
        connects++;
        return flakyClient(log, failures);
      },
      clock: fakeClock(),
      reconnectTimeoutMs: 60_000,
      onConnected: async (db) => {
        await db.query('lock');
      },
      onUnavailable: (message) => notices.push(message),
    });
    failures.n = 2;
    await journal.query('write');
    expect(connects).toBe(3);
    expect(log).toEqual(['lock', 'lock', 'write']);
    expect(notices[0]).toMatch(/journal database unreachable \(terminating connection .*57P01\)\); retrying/);
  });

  it('runs a transaction again from its start on the new session when the connection drops inside it', async () => {
    const log: string[] = [];
    const failures = { n: 0 };
    const journal = await JournalConnection.open({
      connect: async () => {
        log.push('connect');
        return flakyClient(log, failures);
      },
      clock: fakeClock(),
      reconnectTimeoutMs: 60_000,
      onConnected: async () => undefined,
    });
    let runs = 0;
    const migrated = journal.transaction(async (db) => {
      runs++;
      await db.query('BEGIN');
      await db.query('CREATE TABLE a');
      // The server goes away before the second statement of the first attempt.
      if (runs === 1) failures.n = 1;
      await db.query('CREATE TABLE b');
      await db.query('COMMIT');
      return runs;
    });
    // Queued behind the transaction: it never lands between its statements.
    const write = journal.query('INSERT holder');
    expect(await migrated).toBe(2);
    await write;
    expect(log).toEqual([
      'connect',
      'BEGIN',
      'CREATE TABLE a',
      'connect',
      'BEGIN',
      'CREATE TABLE a',
      'CREATE TABLE b',
      'COMMIT',
      'INSERT holder',
    ]);
  });

  it('gives up after the reconnect timeout', async () => {
    const failures = { n: 0 };
    const clock = fakeClock();
    const journal = await JournalConnection.open({
      connect: async () => flakyClient([], failures),
      clock,
      reconnectTimeoutMs: 5000,
      onConnected: async () => undefined,
    });
    failures.n = Number.POSITIVE_INFINITY;
    const started = clock.now();
    await expect(journal.query('write')).rejects.toThrow(/administrator command/);
    expect(clock.now() - started).toBe(5000);
  });

  it('does not retry errors that are not about the connection', async () => {
    let connects = 0;
    const journal = await JournalConnection.open({
      connect: async () => {
        connects++;
        return {
          query: async () => {
            throw Object.assign(new Error('permission denied for schema replctl'), { code: '42501' });
          },
          end: async () => undefined,
          on: () => undefined,
        };
      },
      clock: fakeClock(),
      reconnectTimeoutMs: 60_000,
      onConnected: async () => undefined,
    });
    await expect(journal.query('write')).rejects.toThrow(/permission denied/);
    expect(connects).toBe(1);
  });

  it('waits at open for a journal database that refuses connections (restarting), up to the open timeout', async () => {
    const clock = fakeClock();
    let connects = 0;
    const refused = () =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const open = (refusals: number) =>
      JournalConnection.open({
        connect: async () => {
          connects++;
          if (connects <= refusals) throw refused();
          return flakyClient([], { n: 0 });
        },
        clock,
        reconnectTimeoutMs: 900_000,
        openTimeoutMs: 10_000,
        onConnected: async () => undefined,
      });
    await open(3);
    expect(connects).toBe(4);
    connects = 0;
    const started = clock.now();
    await expect(open(Number.POSITIVE_INFINITY)).rejects.toThrow(/ECONNREFUSED/);
    expect(clock.now() - started).toBe(10_000);
  });

  it('reconnects at once when the server ends the session, re-taking the lock before any query', async () => {
    const listeners: (() => void)[] = [];
    const log: string[] = [];
    const client = (): DbClient => ({
      query: async (text: string) => {
        log.push(text);
        return { rows: [] };
      },
      end: async () => undefined,
      on: (_event: 'error' | 'end', listener: (error: Error) => void) =>
        listeners.push(() => listener(new Error('server closed the connection unexpectedly'))),
    });
    const journal = await JournalConnection.open({
      connect: async () => client(),
      clock: fakeClock(),
      reconnectTimeoutMs: 60_000,
      onConnected: async (db) => {
        await db.query('lock');
      },
    });
    expect(log).toEqual(['lock']);
    listeners[0]!(); // the first client's 'error': the server went away
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['lock', 'lock']);
    await journal.query('write');
    expect(log).toEqual(['lock', 'lock', 'write']);
    await journal.close();
  });
});
