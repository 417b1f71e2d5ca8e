import pg from 'pg';

export interface WriteLoad {
  /** Resolves once `count` more writes have committed; fails with the last write error after `timeoutMs`. */
  more(count: number, timeoutMs?: number): Promise<void>;
  /** Rows the committed writes inserted, updated or deleted so far. */
  rowsWritten(): number;
  /**
   * Stops after the write in flight; resolves with the number of committed writes, of failed ones,
   * and of rows the committed writes touched.
   */
  stop(): Promise<{ readonly committed: number; readonly failed: number; readonly rows: number }>;
}

/**
 * What each write does. `users-and-orders` inserts a user and an order and updates an older user;
 * `every-published-table` inserts, updates and deletes rows of users, orders, order_items and
 * "Customer Notes" (every table the repository's changesets publish at some version).
 */
export type WriteMix = 'users-and-orders' | 'every-published-table';

export interface WriteLoadOptions {
  /** Pause between writes (default 25 ms). */
  readonly intervalMs?: number;
  /** Default `users-and-orders`. */
  readonly mix?: WriteMix;
  /** The first write's id (default 1,000,000); a later load on the same source starts clear of it. */
  readonly firstId?: number;
}

/** One write: statements with their parameters, run in one transaction. */
type Write = readonly (readonly [sql: string, params: readonly unknown[]])[];

/**
 * A steady write load on the source's published tables, as production would have while replctl
 * runs: one transaction per write (see WriteMix). It rides out the source's restarts (a failed
 * write is counted and retried on a new connection). Ids start at `firstId`, clear of the sample
 * data.
 */
export function startWriteLoad(sourceUrl: string, options: WriteLoadOptions = {}): WriteLoad {
  const intervalMs = options.intervalMs ?? 25;
  const writeFor = options.mix === 'every-published-table' ? everyPublishedTable : usersAndOrders;
  let committed = 0;
  let failed = 0;
  let rows = 0;
  let lastError: unknown;
  let stopping = false;
  let client: pg.Client | undefined;
  const loop = (async () => {
    // Every attempt takes a new id: a commit whose answer was lost may have happened.
    for (let n = options.firstId ?? 1_000_000; !stopping; n += 1) {
      try {
        client ??= await connect(sourceUrl);
        await client.query('BEGIN');
        let touched = 0;
        for (const [sql, params] of writeFor(n)) {
          touched += (await client.query(sql, [...params])).rowCount ?? 0;
        }
        await client.query('COMMIT');
        committed += 1;
        rows += touched;
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
    rowsWritten: () => rows,
    stop: async () => {
      stopping = true;
      await loop;
      await client?.end().catch(() => undefined);
      return { committed, failed, rows };
    },
  };
}

function usersAndOrders(n: number): Write {
  return [
    [`INSERT INTO public.users (id, email, name) VALUES ($1, $2, 'Load')`, [n, `load${n}@example.com`]],
    [`INSERT INTO public.orders (id, user_id, total, status) VALUES ($1, $1, 1.5, 'new')`, [n]],
    ['UPDATE public.users SET name = $1 WHERE id = $2', [`touched ${n}`, 1 + (n % 500)]],
  ];
}

/**
 * Inserts write `n`'s user, order, two order lines and note; updates a sample row of each table;
 * and deletes what write `n - 3` inserted plus a sample order line, so every published table sees
 * all three kinds of change (deletes of sample rows run out after 400 writes per line number).
 */
function everyPublishedTable(n: number): Write {
  const sampleOrder = 1 + (n % 400);
  const gone = n - 3;
  return [
    [`INSERT INTO public.users (id, email, name) VALUES ($1, $2, 'Load')`, [n, `load${n}@example.com`]],
    [`INSERT INTO public.orders (id, user_id, total, status) VALUES ($1, $1, 1.5, 'new')`, [n]],
    [
      `INSERT INTO public.order_items (order_id, line_no, sku, qty) VALUES ($1, 1, 'SKU-LOAD', 1), ($1, 2, 'SKU-LOAD', 2)`,
      [n],
    ],
    [`INSERT INTO public."Customer Notes" (id, "Note Text") VALUES ($1, $2)`, [n, `load note ${n}`]],
    ['UPDATE public.users SET name = $1 WHERE id = $2', [`touched ${n}`, 1 + (n % 500)]],
    [
      'UPDATE public.orders SET status = $1, total = total + 1 WHERE id = $2',
      [`touched ${n}`, 1 + (n % 800)],
    ],
    [
      'UPDATE public.order_items SET sku = $1, qty = qty + 1 WHERE order_id = $2 AND line_no = 1',
      [`SKU-T${n}`, sampleOrder],
    ],
    [`UPDATE public."Customer Notes" SET "Note Text" = $1 WHERE id = $2`, [`touched ${n}`, 1 + (n % 200)]],
    [
      'DELETE FROM public.order_items WHERE (order_id = $1 AND line_no = 2) OR (order_id = $2 AND line_no = 3)',
      [gone, sampleOrder],
    ],
    [`DELETE FROM public."Customer Notes" WHERE id = $1`, [gone]],
    ['DELETE FROM public.orders WHERE id = $1', [gone]],
    ['DELETE FROM public.users WHERE id = $1', [gone]],
  ];
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
