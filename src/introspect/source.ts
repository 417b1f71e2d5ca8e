import type {
  HbaRule,
  LiveGrants,
  LivePublication,
  LiveRole,
  LiveSlot,
  LiveSource,
} from '../model/live-state.js';
import { formatQualifiedName } from '../sql/quote.js';
import { entryOf } from './entry-of.js';
import { parseFingerprintComment } from './fingerprint-comment.js';
import { readSharedTables, startSharedTableRead } from './parallel-table-read.js';
import type { Queryable, Session } from './queryable.js';
import { bool, num, oneOf, optionalNum, optionalText, optionalTextArray, type Row, text } from './rows.js';
import { ALWAYS_READ_SETTINGS, type IntrospectionScope, tableNameArrays } from './scope.js';
import { assertSupportedVersion } from './server-version.js';
import { readSettings } from './settings-catalog.js';
import { inSnapshot } from './snapshot.js';
import {
  GRANTS_QUERY,
  hbaQuery,
  publicationMembersQuery,
  publicationsQuery,
  ROLES_QUERY,
  SOURCE_SERVER_QUERY,
  slotsQuery,
} from './source-queries.js';

/**
 * Reads the source in one read-only snapshot: 10 queries, 11 when the login may read
 * pg_hba_file_rules, however many tables, roles or grants the scope names; with `helpers`
 * (sessions opening; the caller's to end), 1 more to export the snapshot and 3 on each helper,
 * which reads a share of the table catalog in it meanwhile. `tablesSent` is called once this
 * session has asked for its share of the table catalog (a helper asks for its own once open).
 */
export async function introspectSource(
  db: Queryable,
  scope: IntrospectionScope,
  helpers: readonly Promise<Session>[] = [],
  tablesSent: () => void = () => undefined,
): Promise<LiveSource> {
  return inSnapshot(db, async () => {
    const server = (await db.query(SOURCE_SERVER_QUERY)).rows[0];
    if (!server) throw new Error('Expected one row from the server query, but got none');
    const version = num(server, 'server_version_num');
    assertSupportedVersion('source', version);
    const tableRead = await startSharedTableRead(db, helpers, scope.tables, { readEmpty: false });
    const tableNames = tableNameArrays(scope.tables);
    const settings = await readSettings(db, [...ALWAYS_READ_SETTINGS, ...scope.settings], {
      fileSettingsReadable: bool(server, 'file_settings_readable'),
    });
    const roles = (await db.query(ROLES_QUERY, [scope.roles])).rows;
    const grants = (
      await db.query(GRANTS_QUERY, [scope.roles, scope.schemas, tableNames.schemas, tableNames.names])
    ).rows;
    const publications = (await db.query(publicationsQuery(version), [scope.publications])).rows;
    const members = (await db.query(publicationMembersQuery(version), [scope.publications])).rows;
    const tables = await readSharedTables(db, tableRead, { readEmpty: false }, tablesSent);
    const slots = (await db.query(slotsQuery(version))).rows;
    // Last: should the privilege check have been wrong, the refusal aborts nothing still to run.
    const hba = bool(server, 'hba_readable') ? await readHba(db, version) : undefined;
    return {
      serverVersionNum: version,
      database: text(server, 'database'),
      ...loginOf(server),
      settings,
      roles: Object.fromEntries(roles.map((row) => [text(row, 'name'), parseRole(row)])),
      grants: assembleGrants(roles, grants),
      publications: assemblePublications(publications, members),
      tables,
      ...(hba === undefined ? {} : { hba }),
      slots: slots.map(parseSlot),
    };
  });
}

/** The login replctl reads and changes the source as (absent from rows that lack the columns). */
function loginOf(server: Row): Pick<LiveSource, 'login'> {
  const name = optionalText(server, 'login');
  if (name === null) return {};
  return { login: { name, superuser: server.login_superuser === true } };
}

function parseRole(row: Row): LiveRole {
  const fingerprint = parseFingerprintComment(optionalText(row, 'comment'));
  return {
    login: bool(row, 'login'),
    replication: bool(row, 'replication'),
    superuser: bool(row, 'superuser'),
    connectionLimit: num(row, 'connection_limit'),
    ...(fingerprint === undefined ? {} : { passwordFingerprint: fingerprint }),
  };
}

/** One entry per existing managed role, grants or not, so "no grants" and "no role" differ. */
function assembleGrants(roles: readonly Row[], grants: readonly Row[]): Record<string, LiveGrants> {
  const result: Record<string, { connect: boolean; usage: string[]; select: string[] }> = {};
  for (const row of roles) result[text(row, 'name')] = { connect: false, usage: [], select: [] };
  for (const row of grants) {
    const entry = result[text(row, 'role')];
    if (!entry) continue;
    const privilege = oneOf(row, 'privilege', ['connect', 'usage', 'select'] as const);
    if (privilege === 'connect') entry.connect = true;
    else if (privilege === 'usage') entry.usage.push(text(row, 'schema'));
    else entry.select.push(formatQualifiedName({ schema: text(row, 'schema'), name: text(row, 'name') }));
  }
  return result;
}

type PublishOperation = LivePublication['publish'][number];
const OPERATIONS: readonly PublishOperation[] = ['insert', 'update', 'delete', 'truncate'];

function assemblePublications(
  publications: readonly Row[],
  members: readonly Row[],
): Record<string, LivePublication> {
  const tables = new Map<string, Record<string, { columns?: readonly string[]; where?: string }>>();
  const schemas = new Map<string, string[]>();
  for (const row of members) {
    const publication = text(row, 'publication');
    if (oneOf(row, 'member', ['table', 'schema'] as const) === 'schema') {
      entryOf(schemas, publication, () => []).push(text(row, 'schema'));
      continue;
    }
    const columns = optionalTextArray(row, 'columns');
    const where = optionalText(row, 'row_filter');
    const key = formatQualifiedName({ schema: text(row, 'schema'), name: text(row, 'name') });
    entryOf(tables, publication, () => ({}))[key] = {
      ...(columns === null ? {} : { columns }),
      ...(where === null ? {} : { where }),
    };
  }
  return Object.fromEntries(
    publications.map((row): [string, LivePublication] => {
      const name = text(row, 'name');
      const generated = optionalText(row, 'generated_columns');
      return [
        name,
        {
          owner: text(row, 'owner'),
          allTables: bool(row, 'all_tables'),
          publish: OPERATIONS.filter((op) => bool(row, op)),
          publishViaPartitionRoot: bool(row, 'via_root'),
          ...(generated === null ? {} : { publishGeneratedColumns: generated === 's' ? 'stored' : 'none' }),
          tables: tables.get(name) ?? {},
          schemas: schemas.get(name) ?? [],
        },
      ];
    }),
  );
}

function parseSlot(row: Row): LiveSlot {
  const walStatus = optionalText(row, 'wal_status');
  return {
    name: text(row, 'name'),
    plugin: optionalText(row, 'plugin'),
    slotType: oneOf(row, 'slot_type', ['logical', 'physical'] as const),
    database: optionalText(row, 'database'),
    active: bool(row, 'active'),
    retainedWalBytes: optionalNum(row, 'retained_wal_bytes'),
    ...(walStatus === null ? {} : { walStatus }),
  };
}

/** SQLSTATE insufficient_privilege: the login may not read the file after all. */
const INSUFFICIENT_PRIVILEGE = '42501';

async function readHba(db: Queryable, version: number): Promise<HbaRule[] | undefined> {
  try {
    return (await db.query(hbaQuery(version))).rows.map(parseHbaRule);
  } catch (error) {
    if ((error as { code?: unknown }).code === INSUFFICIENT_PRIVILEGE) return undefined;
    throw error;
  }
}

function parseHbaRule(row: Row): HbaRule {
  const fileName = optionalText(row, 'file_name');
  return {
    lineNumber: num(row, 'line_number'),
    type: optionalText(row, 'type'),
    databases: optionalTextArray(row, 'databases') ?? [],
    users: optionalTextArray(row, 'users') ?? [],
    address: optionalText(row, 'address'),
    netmask: optionalText(row, 'netmask'),
    authMethod: optionalText(row, 'auth_method'),
    error: optionalText(row, 'error'),
    ...(fileName === null ? {} : { fileName }),
  };
}
