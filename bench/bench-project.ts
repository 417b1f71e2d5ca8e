import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BenchTable, benchSchemas, benchTables, changesetName } from './bench-tables.js';

export const PUBLICATION = 'bench_publication';
export const SUBSCRIPTION = 'bench_subscription';
export const REPLICATOR = 'replicator';
export const TARGET_DATABASE = 'app';

/**
 * As the repo's own replctl.yaml (the variables `replctl local env` exports), with the restart
 * command of the benchmark's environment.
 */
const config = (restart: string) => `changesets: changesets
environments:
  local:
    source:
      url: { env: SOURCE_DATABASE_URL }
      restart: { command: ${JSON.stringify(restart)} }
    target:
      url: { env: TARGET_DATABASE_URL }
      rds: { instance: reporting-replica, region: us-east-1 }
    subscriptionConnection:
      host: 127.0.0.1
      port: { env: SOURCE_PORT }
      dbname: app
      user: ${REPLICATOR}
      password: { env: REPLICATOR_PASSWORD }
      sslmode: prefer
`;

/** `    public.users_00000: {}` lines: block style keeps each member one short line. */
const members = (tables: readonly BenchTable[], indent: string, value: string) =>
  tables.map((t) => `${indent}${changesetName(t)}: ${value}\n`).join('');

/**
 * The setup spread over four changesets (each stays well under the 1 MiB a changeset may have at
 * 10,000 tables): 1 the settings and the RDS parameter group (a source restart and an instance
 * reboot), 2 the role and its grants, 3 the publication, 4 the target tables and the subscription.
 */
function setupChangesets(
  tables: readonly BenchTable[],
  rdsFamily: string,
  copyData: boolean,
): Record<string, string> {
  const n = tables.length;
  return {
    '0001-settings.yaml': `version: 1
description: Logical replication settings on the source and an RDS parameter group for the target
source:
  settings: { wal_level: logical, max_replication_slots: 10, max_wal_senders: 10 }
target:
  parameterGroup:
    name: bench-logical-replication
    family: ${rdsFamily}
    parameters: { rds.logical_replication: 1, max_logical_replication_workers: 10, max_worker_processes: 20 }
`,
    '0002-grants.yaml': `version: 2
description: The replication role, with SELECT on ${n} tables
source:
  roles:
    ${REPLICATOR}: { login: true, replication: true, password: { env: REPLICATOR_PASSWORD } }
  grants:
    ${REPLICATOR}:
      connect: true
      usage: [${benchSchemas(n).join(', ')}]
      select:
${members(tables, '        ', '{}')}`,
    '0003-publication.yaml': `version: 3
description: Publish ${n} tables
source:
  publications:
    ${PUBLICATION}:
      publish: [insert, update, delete, truncate]
      tables:
${members(tables, '        ', '{}')}`,
    '0004-target.yaml': `version: 4
description: ${n} target tables and the subscription
target:
  database: ${TARGET_DATABASE}
  tables:
${members(tables, '    ', '{ from: source }')}  subscriptions:
    ${SUBSCRIPTION}: { publications: [${PUBLICATION}], enabled: true${copyData ? '' : ', options: { copy_data: false }'} }
`,
  };
}

/** Version 5: one more table, everywhere a table is named. */
function oneMoreTableChangeset(table: BenchTable): string {
  const name = changesetName(table);
  return `version: 5
description: Replicate one more table
source:
  grants: { ${REPLICATOR}: { select: { ${name}: {} } } }
  publications: { ${PUBLICATION}: { tables: { ${name}: {} } } }
target:
  tables: { ${name}: { from: source } }
`;
}

/** Writes replctl.yaml and changesets 1–4 for the first `options.tables` bench tables into `dir`. */
export interface BenchProjectOptions {
  readonly tables: number;
  /** `postgres17`: the family of the target's major. */
  readonly rdsFamily: string;
  /** The environment's source restart command. */
  readonly restartCommand: string;
  /** Whether the subscription copies the tables' rows (its wait for sync then takes minutes). */
  readonly copyData: boolean;
}

export async function writeBenchProject(dir: string, options: BenchProjectOptions): Promise<void> {
  await mkdir(join(dir, 'changesets'), { recursive: true });
  await writeFile(join(dir, 'replctl.yaml'), config(options.restartCommand));
  const changesets = setupChangesets(benchTables(options.tables), options.rdsFamily, options.copyData);
  for (const [file, text] of Object.entries(changesets)) {
    await writeFile(join(dir, 'changesets', file), text);
  }
}

/** Adds changeset 5, which replicates `table` too. */
export async function addOneMoreTable(dir: string, table: BenchTable): Promise<void> {
  await writeFile(join(dir, 'changesets', '0005-one-more-table.yaml'), oneMoreTableChangeset(table));
}
