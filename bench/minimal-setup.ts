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

/** Tables per transaction: a transaction of 10,000 CREATE TABLEs runs out of lock table space. */
export const TABLES_PER_TRANSACTION = 1000;

/**
 * The lower bound of apply: the setup as a hand-written script sends it, batched as far as
 * PostgreSQL allows, one connection per database. On the source one transaction: the role, one
 * GRANT for every table, one CREATE PUBLICATION for every table. On the target the database, then
 * the schemas and tables in transactions of TABLES_PER_TRANSACTION, then the subscription.
 * Returns the wall time, connections included.
 */
export async function minimalSetup(t: SetupTarget, tables: readonly BenchTable[]): Promise<number> {
  const started = performance.now();
  const names = tables.map(sqlName).join(', ');
  const role = quoteIdent(t.role);
  const schemas = [...new Set(tables.map((table) => table.schema))];
  await withClient(t.sourceUrl, (c) =>
    c.query(
      [
        'BEGIN',
        createRoleSql(t),
        `GRANT CONNECT ON DATABASE ${quoteIdent(t.database)} TO ${role}`,
        `GRANT USAGE ON SCHEMA ${schemas.map(quoteIdent).join(', ')} TO ${role}`,
        `GRANT SELECT ON TABLE ${names} TO ${role}`,
        `CREATE PUBLICATION ${quoteIdent(t.publication)} FOR TABLE ${names} WITH (${PUBLISH_ALL})`,
        'COMMIT',
      ].join(';\n'),
    ),
  );
  await withClient(t.targetUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(t.database)}`));
  await withClient(targetDatabaseUrl(t), async (c) => {
    const newSchemas = schemas.filter((s) => s !== 'public');
    for (let i = 0; i < tables.length; i += TABLES_PER_TRANSACTION) {
      const chunk = tables.slice(i, i + TABLES_PER_TRANSACTION);
      const first = i === 0 ? newSchemas.map((s) => `CREATE SCHEMA ${quoteIdent(s)}`) : [];
      await c.query(['BEGIN', ...first, ...chunk.map(createTableSql), 'COMMIT'].join(';\n'));
    }
    await c.query(createSubscriptionSql(t));
  });
  return performance.now() - started;
}
