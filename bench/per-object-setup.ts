import type pg from 'pg';
import { withClient } from '../src/local/with-client.js';
import { quoteIdent } from '../src/sql/quote.js';
import { type BenchTable, createTableSql, sqlName } from './bench-tables.js';
import {
  createRoleSql,
  createSubscriptionSql,
  PUBLISH_ALL,
  type SetupTarget,
  targetDatabaseUrl,
} from './setup-target.js';

/** One run of the per-object setup. */
export interface PerObjectRun {
  /** Wall time, connections included. */
  readonly ms: number;
  /** Of which the statements sent for each table (a GRANT, an ALTER PUBLICATION, a CREATE TABLE). */
  readonly perTableMs: number;
}

/**
 * The same setup one statement per object, each in its own transaction (BEGIN, the statement,
 * COMMIT: three round trips, as a per-resource tool such as a Terraform provider sends them
 * through database/sql): a GRANT, an ALTER PUBLICATION … ADD TABLE and a CREATE TABLE per table.
 * The time of the per-table statements is returned apart, so that a run on a sample of the tables
 * can be projected to all of them (fixed part + per-table part × tables / sample).
 */
export async function perObjectSetup(t: SetupTarget, tables: readonly BenchTable[]): Promise<PerObjectRun> {
  const started = performance.now();
  let perTableMs = 0;
  const perTable = async (work: () => Promise<void>) => {
    const begun = performance.now();
    await work();
    perTableMs += performance.now() - begun;
  };
  const role = quoteIdent(t.role);
  const publication = quoteIdent(t.publication);
  const schemas = [...new Set(tables.map((table) => table.schema))];
  await withClient(t.sourceUrl, async (c) => {
    await inOwnTransaction(c, createRoleSql(t));
    await inOwnTransaction(c, `GRANT CONNECT ON DATABASE ${quoteIdent(t.database)} TO ${role}`);
    for (const s of schemas) await inOwnTransaction(c, `GRANT USAGE ON SCHEMA ${quoteIdent(s)} TO ${role}`);
    await perTable(async () => {
      for (const table of tables)
        await inOwnTransaction(c, `GRANT SELECT ON TABLE ${sqlName(table)} TO ${role}`);
    });
    await inOwnTransaction(c, `CREATE PUBLICATION ${publication} WITH (${PUBLISH_ALL})`);
    await perTable(async () => {
      for (const table of tables) {
        await inOwnTransaction(c, `ALTER PUBLICATION ${publication} ADD TABLE ${sqlName(table)}`);
      }
    });
  });
  await withClient(t.targetUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(t.database)}`));
  await withClient(targetDatabaseUrl(t), async (c) => {
    for (const s of schemas.filter((s) => s !== 'public'))
      await inOwnTransaction(c, `CREATE SCHEMA ${quoteIdent(s)}`);
    await perTable(async () => {
      for (const table of tables) await inOwnTransaction(c, createTableSql(table));
    });
    await c.query(createSubscriptionSql(t));
  });
  return { ms: performance.now() - started, perTableMs };
}

async function inOwnTransaction(client: pg.Client, statement: string): Promise<void> {
  await client.query('BEGIN');
  await client.query(statement);
  await client.query('COMMIT');
}
