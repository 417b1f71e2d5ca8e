import pg from 'pg';

export interface WriteLoad {
  /** Resolves once `count` more writes have committed; fails with the last write error after `timeoutMs`. */
  more(count: number, timeoutMs?: number): Promise<void>;
  /** Stops after the write in flight; resolves with the number of committed writes and of failed ones. */
  stop(): Promise<{ readonly committed: number; readonly failed: number }>;
}

/**
 * A steady write load on the source's published tables, as production would have while replctl
 * runs: each write inserts a user and an order and updates an older user, in one transaction. It
 * rides out the source's restarts (a failed write is counted and retried on a new connection).
 * Ids start at 1,000,000, clear of the sample data.
 */
export function startWriteLoad(sourceUrl: string, intervalMs = 25): WriteLoad {
  let committed = 0;
  let failed = 0;
  let lastError: unknown;
  let stopping = false;
  let client: pg.Client | undefined;
  const loop = (async () => {
    // Every attempt takes a new id: a commit whose answer was lost may have happened.
    for (let n = 1_000_000; !stopping; n += 1) {
      try {
        client ??= await connect(sourceUrl);
        await client.query('BEGIN');
        await client.query(`INSERT INTO public.users (id, email, name) VALUES ($1, $2, 'Load')`, [
          n,
          `load${n}@example.com`,
        ]);
        await client.query(
          `INSERT INTO public.orders (id, user_id, total, status) VALUES ($1, $1, 1.5, 'new')`,
          [n],
        );
        await client.query('UPDATE public.users SET name = $1 WHERE id = $2', [
          `touched ${n}`,
          1 + (n % 500),
        ]);
        await client.query('COMMIT');
        committed += 1;
      } catch (error) {
        failed += 1;
        lastError = error;
        await client?.end().catch(() => undefined);
        client = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    more: async (count, timeoutMs = 30_000) => {
      const target = committed + count;
      const deadline = Date.now() + timeoutMs;
      while (committed < target) {
        if (Date.now() > deadline) {
          throw new Error(
            `the write load committed ${committed} of ${target} writes; last error: ${String(lastError)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: async () => {
      stopping = true;
      await loop;
      await client?.end().catch(() => undefined);
      return { committed, failed };
    },
  };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'replctl test write load' });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}
