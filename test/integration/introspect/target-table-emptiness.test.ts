import { afterAll, beforeAll, expect, it } from 'vitest';
import { introspect, scopeOf } from '../../../src/introspect/index.js';
import { withClient } from '../../../src/local/with-client.js';
import { startLocalEnv, type TestLocalEnv, withDatabase } from '../../support/local-env.js';
import { Sessions } from './sessions.js';

let local: TestLocalEnv;
const sessions = new Sessions();

beforeAll(async () => {
  local = await startLocalEnv();
  await withClient(local.targetUrl, (c) => c.query('CREATE DATABASE app'));
  await withClient(withDatabase(local.targetUrl, 'app'), async (c) => {
    await c.query('CREATE TABLE public.users (id bigint PRIMARY KEY, email text)');
    await c.query('CREATE TABLE public.orders (id bigint PRIMARY KEY)');
    await c.query('INSERT INTO public.orders VALUES (1)');
    await c.query('CREATE TABLE public.invoices (id bigint PRIMARY KEY)');
    await c.query('INSERT INTO public.invoices VALUES (1)');
    await c.query('TRUNCATE public.invoices');
    await c.query('CREATE TABLE public.events (id bigint, at date) PARTITION BY RANGE (at)');
    await c.query(
      `CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
    );
    await c.query(`INSERT INTO public.events VALUES (1, '2024-05-01')`);
    await c.query('CREATE TABLE public.audit_log (at timestamptz) PARTITION BY RANGE (at)');
  });
});
afterAll(async () => {
  await sessions.close();
  await local?.stop();
});

it('reads which target tables are empty, partitions included; the source is not asked', async () => {
  const tables = ['public.users', 'public.orders', 'public.invoices', 'public.events', 'public.audit_log'];
  const { live } = await introspect(
    await sessions.endpoints(local.sourceUrl, local.targetUrl),
    scopeOf({
      target: { database: 'app', tables: Object.fromEntries(tables.map((t) => [t, { from: 'source' }])) },
    }),
  );
  expect(Object.fromEntries(Object.entries(live.target.tables).map(([name, t]) => [name, t.empty]))).toEqual({
    'public.users': true,
    'public.orders': false,
    // TRUNCATE leaves no page behind.
    'public.invoices': true,
    // A partitioned table holds its rows in its partitions.
    'public.events': false,
    'public.audit_log': true,
  });
  // The source's sample tables are read without it.
  expect(Object.keys(live.source.tables).length).toBeGreaterThan(0);
  for (const table of Object.values(live.source.tables)) expect(table).not.toHaveProperty('empty');
});
