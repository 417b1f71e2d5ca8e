import pg from 'pg';

/** Runs `work` on one connection to `url` and closes it, whatever happens. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'replctl local' });
  // A server that goes away emits `error` on the client; unhandled, it would crash the process. The
  // pending query rejects with it anyway.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
