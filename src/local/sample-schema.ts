/**
 * The source's sample database: tables that exercise what the runbook and the linter care about —
 * single and composite primary keys, a table without one (audit_log: UPDATE/DELETE need a replica
 * identity), and a name that must be quoted. Data is deterministic so row counts and checksums
 * can be compared across runs.
 */
export const SAMPLE_DATABASE = 'app';

/** Rows per table after setup, keyed by the changeset spelling of the table. */
export const SAMPLE_ROW_COUNTS: Readonly<Record<string, number>> = {
  'public.users': 500,
  'public.orders': 800,
  'public.invoices': 600,
  'public.order_items': 1200,
  'public.audit_log': 300,
  'public."Customer Notes"': 200,
};

export const SAMPLE_SCHEMA_SQL = `
CREATE TABLE public.users (
  id bigint PRIMARY KEY,
  email text,
  name text,
  created_at timestamptz DEFAULT now()
);
INSERT INTO public.users (id, email, name)
SELECT i, 'user' || i || '@example.com', 'User ' || i FROM generate_series(1, 500) AS i;

CREATE TABLE public.orders (
  id bigint PRIMARY KEY,
  user_id bigint,
  total numeric(12,2),
  status text,
  created_at timestamptz DEFAULT now()
);
INSERT INTO public.orders (id, user_id, total, status)
SELECT i, 1 + i % 500, (i * 37 % 100000) / 100.0, (ARRAY['new', 'paid', 'shipped', 'cancelled'])[1 + i % 4]
FROM generate_series(1, 800) AS i;

CREATE TABLE public.invoices (
  id bigint PRIMARY KEY,
  order_id bigint,
  amount numeric(12,2),
  issued_at timestamptz
);
INSERT INTO public.invoices (id, order_id, amount, issued_at)
SELECT i, i, (i * 37 % 100000) / 100.0, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour'
FROM generate_series(1, 600) AS i;

CREATE TABLE public.order_items (
  order_id bigint,
  line_no int,
  sku text,
  qty int,
  PRIMARY KEY (order_id, line_no)
);
INSERT INTO public.order_items (order_id, line_no, sku, qty)
SELECT o, l, 'SKU-' || lpad(((o * 7 + l) % 250)::text, 4, '0'), 1 + (o + l) % 5
FROM generate_series(1, 400) AS o, generate_series(1, 3) AS l;

CREATE TABLE public.audit_log (
  at timestamptz,
  message text
);
INSERT INTO public.audit_log (at, message)
SELECT timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute', 'event ' || i
FROM generate_series(1, 300) AS i;

CREATE TABLE public."Customer Notes" (
  id bigint PRIMARY KEY,
  "Note Text" text
);
INSERT INTO public."Customer Notes" (id, "Note Text")
SELECT i, 'note ' || i FROM generate_series(1, 200) AS i;
`;
