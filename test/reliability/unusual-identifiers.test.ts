import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/local/with-client.js';
import { quoteIdent, quoteQualified } from '../../src/sql/quote.js';
import { buildOnce } from '../support/build-once.js';
import { type E2eEnvironment, startE2eEnvironment } from '../support/e2e-environment.js';
import { withDatabase } from '../support/local-env.js';
import { reportFigures } from '../support/reliability.js';
import { expectTargetToMatchSource } from '../support/replicated-rows.js';

/**
 * Valid but unusual names work end to end (issue 9): a schema, tables, columns, the replication
 * role, the publication, the subscription and the target database named with double quotes,
 * spaces, capitals, unicode, reserved words, SQL that would inject if it were not quoted, and
 * exactly 63 bytes; and a replicator password with both quotes, backslashes, spaces, `$` and
 * unicode. The project's changesets are replaced by ones that use only such names.
 */

const SCHEMA = 'Ünïcødé 表';
const ROLE = `Rèplica "tor" 'x' \\ $1`;
const PUBLICATION = 'Pub "select"; --';
const SUBSCRIPTION = 'Sub Ünï "order"';
const DATABASE = 'Tärget "db" 表';
/** 31 two-byte letters and one ASCII: 63 bytes, the most PostgreSQL keeps. */
const NAME_63 = `${'é'.repeat(31)}x`;
const COLUMN_63 = 'c'.repeat(63);
const PASSWORD = `it's "q" \\ back\\slash $HOME $1 ünï 表 ;--`;

interface UnusualTable {
  readonly schema: string;
  readonly name: string;
  /** Key column first. */
  readonly columns: readonly string[];
}
const TABLES: readonly UnusualTable[] = [
  { schema: SCHEMA, name: 'select', columns: ['user', 'order', 'Spaced Column', 'quote"d', 'back\\slash'] },
  { schema: 'public', name: 'Semi; DROP TABLE public.users; --', columns: ['id', 'x"; DROP'] },
  { schema: 'public', name: 'Quote"d MixedCase', columns: ['Id', 'Ünï 表'] },
];
/** Added by changeset 2 and taken away again by the rollback to 1. */
const TABLE_63: UnusualTable = { schema: 'public', name: NAME_63, columns: ['id', COLUMN_63] };
const ALL_TABLES = [...TABLES, TABLE_63];

const sqlName = (t: UnusualTable) => quoteQualified(t);
/** The changeset key: `schema.table`, each part quoted as SQL would (doubled quotes inside). */
const tableKey = (t: UnusualTable) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
/** A YAML scalar holding exactly `text` (JSON strings are YAML double-quoted scalars). */
const y = JSON.stringify;
const tableSet = (tables: readonly UnusualTable[], value: string) =>
  `{ ${tables.map((t) => `${y(tableKey(t))}: ${value}`).join(', ')} }`;
/** What expectTargetToMatchSource compares: every column of every table. */
const published = (tables: readonly UnusualTable[]) =>
  Object.fromEntries(tables.map((t) => [sqlName(t), t.columns.map(quoteIdent).join(', ')]));

let e: E2eEnvironment;
let rowsReplicated = 0;
const started = Date.now();

beforeAll(async () => {
  [e] = await Promise.all([startE2eEnvironment({ replicatorPassword: PASSWORD }), buildOnce()]);
  await createSourceTables();
  await allowEveryRoleOnTheSource();
  await writeProject();
});
afterAll(async () => {
  reportFigures('unusual identifiers', {
    'identifiers exercised': new Set([
      SCHEMA,
      ROLE,
      PUBLICATION,
      SUBSCRIPTION,
      DATABASE,
      ...ALL_TABLES.flatMap((t) => [t.name, ...t.columns]),
    ]).size,
    'rows replicated': rowsReplicated,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  await e?.stop();
});

async function createSourceTables(): Promise<void> {
  await withClient(e.local.sourceUrl, async (c) => {
    await c.query(`CREATE SCHEMA ${quoteIdent(SCHEMA)}`);
    for (const t of ALL_TABLES) {
      const [key, ...rest] = t.columns;
      await c.query(
        `CREATE TABLE ${sqlName(t)} (${quoteIdent(key!)} integer PRIMARY KEY, ${rest.map((col) => `${quoteIdent(col)} text`).join(', ')})`,
      );
      await c.query(
        `INSERT INTO ${sqlName(t)} SELECT n, ${rest.map((_, i) => `'v' || n || $${i + 1}::text`).join(', ')} FROM generate_series(1, 50) n`,
        rest.map((col) => ` ${col} ' " \\ ;`),
      );
    }
  });
}

/** The local source admits only `replicator` to app; the runbook's hba step, for this role. */
async function allowEveryRoleOnTheSource(): Promise<void> {
  await withClient(e.local.sourceUrl, async (c) => {
    const { rows } = await c.query<{ hba_file: string }>('SHOW hba_file');
    await appendFile(rows[0]!.hba_file, 'host    app    all    127.0.0.1/32    scram-sha-256\n');
    await c.query('SELECT pg_reload_conf()');
  });
}

async function writeProject(): Promise<void> {
  const changesets = join(e.project, 'changesets');
  for (const file of await readdir(changesets)) await rm(join(changesets, file));
  await writeFile(
    join(changesets, '0001-unusual.yaml'),
    `version: 1
description: Replicate tables whose names need quoting, as a role, publication and subscription that do too
source:
  settings: { wal_level: logical, max_replication_slots: 10, max_wal_senders: 10 }
  roles:
    ${y(ROLE)}: { login: true, replication: true, password: { env: REPLICATOR_PASSWORD } }
  grants:
    ${y(ROLE)}: { connect: true, usage: [public, ${y(SCHEMA)}], select: ${tableSet(TABLES, '{}')} }
  publications:
    ${y(PUBLICATION)}:
      publish: [insert, update, delete, truncate]
      tables: ${tableSet(TABLES, '{}')}
target:
  database: ${y(DATABASE)}
  parameterGroup:
    name: logical-replication-pg
    family: postgres${e.local.pgVersion}
    parameters: { rds.logical_replication: 1, max_logical_replication_workers: 10, max_worker_processes: 20 }
  tables: ${tableSet(TABLES, '{ from: source }')}
  subscriptions:
    # A slot name may hold only lower-case letters, digits and underscores.
    ${y(SUBSCRIPTION)}: { publications: [${y(PUBLICATION)}], enabled: true, options: { slot_name: unusual_slot } }
`,
  );
  await writeFile(
    join(changesets, '0002-sixty-three-bytes.yaml'),
    `version: 2
description: A table and a column whose names are exactly 63 bytes
source:
  grants: { ${y(ROLE)}: { select: ${tableSet([TABLE_63], '{}')} } }
  publications: { ${y(PUBLICATION)}: { tables: ${tableSet([TABLE_63], '{}')} } }
target:
  tables: ${tableSet([TABLE_63], '{ from: source }')}
`,
  );
  const configFile = join(e.project, 'replctl.yaml');
  const config = await readFile(configFile, 'utf8');
  if (!config.includes('user: replicator')) throw new Error('expected replctl.yaml to say user: replicator');
  await writeFile(configFile, config.replace('user: replicator', `user: ${y(ROLE)}`));
}

const targetUrl = () => withDatabase(e.local.targetAdminUrl('postgres'), DATABASE);

async function expectReplicated(tables: readonly UnusualTable[]): Promise<void> {
  const digests = await expectTargetToMatchSource(e.local.sourceUrl, targetUrl(), published(tables));
  rowsReplicated = Math.max(
    rowsReplicated,
    Object.values(digests).reduce((sum, d) => sum + d.rows, 0),
  );
}

/** Inserts, updates and deletes in every table, with quotes and backslashes in the values. */
async function briefWrite(tables: readonly UnusualTable[], from: number): Promise<void> {
  await withClient(e.local.sourceUrl, async (c) => {
    for (let n = from; n < from + 40; n++) {
      for (const t of tables) {
        const [key, value] = t.columns.map(quoteIdent) as [string, string];
        await c.query(`INSERT INTO ${sqlName(t)} (${key}, ${value}) VALUES ($1, $2)`, [
          n,
          `it's "${n}" \\ ;`,
        ]);
        await c.query(`UPDATE ${sqlName(t)} SET ${value} = $2 WHERE ${key} = $1`, [n - 20, `upd ${n} ü`]);
        await c.query(`DELETE FROM ${sqlName(t)} WHERE ${key} = $1`, [n - 35]);
      }
    }
  });
}

describe.sequential('unusual identifiers, end to end', () => {
  it('validates, and the plan quotes every name', async () => {
    const validate = await e.run('validate');
    expect(validate.code, validate.stderr).toBe(0);
    const plan = await e.run('plan', '--to', '1');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(quoteIdent(PUBLICATION));
    expect(plan.stdout).not.toContain(PASSWORD);
  });

  it('applies version 1 (exit 0) and the rows replicate', async () => {
    const apply = await e.run('apply', '--to', '1', '--auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    await expectReplicated(TABLES);
    // Nothing the names spell was run: the table a name "drops" is still there.
    await withClient(e.local.sourceUrl, async (c) => {
      const { rows } = await c.query(`SELECT to_regclass('public.users') IS NOT NULL AS kept`);
      expect(rows[0].kept).toBe(true);
    });
  });

  it('applies version 2 (the 63-byte names), replicates under a brief write, then plans nothing', async () => {
    const apply = await e.run('apply', '--auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    await briefWrite(ALL_TABLES, 1000);
    await expectReplicated(ALL_TABLES);
    const plan = await e.run('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const verify = await e.run('verify');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    // The subscription logged in as the role, with the password: the worker streams.
    await withClient(targetUrl(), async (c) => {
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM pg_stat_subscription WHERE subname = $1 AND pid IS NOT NULL`,
        [SUBSCRIPTION],
      );
      expect(rows[0].n).toBeGreaterThan(0);
    });
  });

  it('rolls back to version 1: the 63-byte table leaves the publication, the rest still replicates', async () => {
    const rollback = await e.run('rollback', '--to', '1', '--auto-approve', '--allow-destructive');
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    const plan = await e.run('plan', '--to', '1', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    await withClient(e.local.sourceUrl, async (c) => {
      const { rows } = await c.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
           JOIN pg_class c ON c.oid = pr.prrelid WHERE p.pubname = $1 ORDER BY 1`,
        [PUBLICATION],
      );
      expect(rows.map((r) => r.name).sort()).toEqual(TABLES.map((t) => t.name).sort());
    });
    await briefWrite(TABLES, 2000);
    await expectReplicated(TABLES);
  });
});
