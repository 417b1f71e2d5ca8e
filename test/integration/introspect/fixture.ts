import type { IntrospectionScope } from '../../../src/introspect/index.js';
import { quoteLiteral } from '../../../src/sql/quote.js';

/**
 * Objects that exercise what introspection must get right, in a capitalised schema next to the
 * local environment's sample tables: names that need quoting (a space, a reserved word, a dot),
 * a table without primary key, a replica identity index, a partitioned table, a generated column,
 * column lists and row filters (15+), schema members (15+), grants direct, inherited and PUBLIC.
 */
export function sourceFixture(major: number, replicatorPassword: string): readonly string[] {
  return [
    'CREATE SCHEMA "Sales"',
    `CREATE TABLE "Sales".orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, total numeric(12,2), secret text)`,
    `INSERT INTO "Sales".orders SELECT i, i % 7, i * 10, 'x' FROM generate_series(1, 40) AS i`,
    'CREATE TABLE "Sales"."Customer Notes" (customer_id bigint, note varchar(200))',
    'CREATE TABLE "Sales"."select" ("from" integer NOT NULL, "to" integer)',
    'CREATE UNIQUE INDEX select_from ON "Sales"."select" ("from")',
    'ALTER TABLE "Sales"."select" REPLICA IDENTITY USING INDEX select_from',
    `INSERT INTO "Sales"."select" SELECT i, i FROM generate_series(1, 5) AS i`,
    'CREATE TABLE "Sales".events (id bigint, at date, payload text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)',
    `CREATE TABLE "Sales".events_2024 PARTITION OF "Sales".events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
    `INSERT INTO "Sales".events VALUES (1, '2024-03-01', 'a'), (2, '2024-04-01', 'b')`,
    'CREATE TABLE "Sales"."we.ird" (id integer PRIMARY KEY, doubled integer GENERATED ALWAYS AS (id * 2) STORED)',
    `CREATE ROLE replicator LOGIN REPLICATION PASSWORD ${quoteLiteral(replicatorPassword)}`,
    `COMMENT ON ROLE replicator IS 'replctl:fp-replicator'`,
    'CREATE ROLE analyst NOLOGIN CONNECTION LIMIT 3',
    `COMMENT ON ROLE analyst IS 'owned by the analytics team'`,
    'GRANT CONNECT ON DATABASE app TO replicator',
    'GRANT USAGE ON SCHEMA "Sales" TO replicator',
    'GRANT SELECT ON ALL TABLES IN SCHEMA "Sales" TO replicator',
    // Neither counts as a grant to replicator: one comes through membership, one through PUBLIC.
    'GRANT SELECT ON public.users TO analyst',
    'GRANT analyst TO replicator',
    'GRANT SELECT ON public.invoices TO PUBLIC',
    major >= 15
      ? `CREATE PUBLICATION replctl_main FOR TABLE "Sales".orders (id, user_id, total) WHERE (total > 100),
           "Sales"."select", "Sales".events WITH (publish_via_partition_root = true)`
      : major >= 13
        ? `CREATE PUBLICATION replctl_main FOR TABLE "Sales".orders, "Sales"."select", "Sales".events
             WITH (publish_via_partition_root = true)`
        : // 12 cannot publish a partitioned table: its partitions are published instead.
          `CREATE PUBLICATION replctl_main FOR TABLE "Sales".orders, "Sales"."select", "Sales".events_2024`,
    `CREATE PUBLICATION replctl_notes FOR TABLE "Sales"."Customer Notes" WITH (publish = 'insert')`,
    ...(major >= 15 ? ['CREATE PUBLICATION replctl_schema FOR TABLES IN SCHEMA "Sales"'] : []),
    `SELECT pg_create_logical_replication_slot('orphan_slot', 'pgoutput')`,
  ];
}

/** The replicated tables on the target: extra columns allowed, as design §8 says. */
export function targetFixture(
  major: number,
  sourcePort: number,
  replicatorPassword: string,
): readonly string[] {
  const conninfo = `host=127.0.0.1 port=${sourcePort} dbname=app user=replicator password=${replicatorPassword}`;
  return [
    'CREATE SCHEMA "Sales"',
    // Before 15 there are no column lists: the target needs every published column.
    `CREATE TABLE "Sales".orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, total numeric(12,2), note text
       ${major >= 15 ? '' : ', secret text'})`,
    'CREATE TABLE "Sales"."select" ("from" integer PRIMARY KEY, "to" integer)',
    major >= 13
      ? 'CREATE TABLE "Sales".events (id bigint, at date, payload text, PRIMARY KEY (id, at))'
      : 'CREATE TABLE "Sales".events_2024 (id bigint, at date, payload text, PRIMARY KEY (id, at))',
    `CREATE SUBSCRIPTION replctl_sub CONNECTION ${quoteLiteral(conninfo)} PUBLICATION replctl_main
       ${major >= 14 ? 'WITH (binary = true)' : ''}`,
    `COMMENT ON SUBSCRIPTION replctl_sub IS 'replctl:fp-connection'`,
  ];
}

/** The replicated tables, in changeset spelling. */
export function replicatedTables(major: number): readonly string[] {
  return ['Sales.orders', 'Sales.select', major >= 13 ? 'Sales.events' : 'Sales.events_2024'];
}

/** The fixture's tables in changeset spelling, in catalog order (schema, then name). */
export const SALES_TABLES: readonly string[] = [
  'Sales.Customer Notes',
  'Sales.events',
  'Sales.events_2024',
  'Sales.orders',
  'Sales.select',
  'Sales."we.ird"',
];

export const FIXTURE_SCOPE: IntrospectionScope = {
  tables: [...SALES_TABLES, 'Sales.missing', 'public.users'],
  roles: ['replicator', 'analyst', 'ghost'],
  publications: ['replctl_main', 'replctl_notes', 'replctl_schema', 'replctl_missing'],
  settings: ['shared_buffers'],
  subscriptions: ['replctl_sub', 'replctl_missing_sub'],
  schemas: ['Sales', 'public', 'Missing'],
  targetDatabase: 'app',
  parameterGroup: {
    name: 'logical-replication-pg',
    parameters: ['rds.logical_replication', 'max_logical_replication_workers', 'max_worker_processes'],
  },
};
