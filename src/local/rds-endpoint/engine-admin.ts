import pg from 'pg';
import type { RdsInstanceBacking } from './backing.js';
import type { FileSettingRow, PgSettingRow } from './catalogue.js';

/** What the endpoint needs from the engine behind the instance. */
export interface EngineInfo {
  readonly major: number;
  /** `17.10`, as RDS shows EngineVersion. */
  readonly version: string;
  readonly port: number;
  readonly settings: readonly PgSettingRow[];
  readonly files: readonly FileSettingRow[];
}

/** One superuser session; statements run in autocommit (ALTER SYSTEM refuses transaction blocks). */
export type SuperuserSession = (sql: string) => Promise<void>;

export interface EngineAdmin {
  info(): Promise<EngineInfo>;
  withSuperuser<T>(work: (run: SuperuserSession) => Promise<T>): Promise<T>;
  restart(): Promise<void>;
}

const SETTINGS_SQL = `
  SELECT name, vartype, unit, min_val, max_val, enumvals, context, short_desc, boot_val
  FROM pg_settings ORDER BY name`;

// postgresql.auto.conf is where ALTER SYSTEM writes: the endpoint's own values are not defaults.
const FILE_SETTINGS_SQL = `
  SELECT name, setting FROM pg_file_settings
  WHERE error IS NULL AND sourcefile NOT LIKE '%postgresql.auto.conf'
  ORDER BY seqno`;

/**
 * Connection failures are reported without the URL: it holds the superuser's password. The
 * driver's own messages name host, port and user at most.
 */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot connect to the RDS instance's cluster as superuser: ${(error as Error).message}`);
  }
  return client;
}

export function pgEngineAdmin(backing: RdsInstanceBacking): EngineAdmin {
  const withSuperuser = async <T>(work: (run: SuperuserSession) => Promise<T>): Promise<T> => {
    const client = await connect(backing.superuserUrl);
    try {
      return await work(async (sql) => {
        await client.query(sql);
      });
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  return {
    withSuperuser,
    restart: () => backing.restart(),
    async info() {
      const client = await connect(backing.superuserUrl);
      try {
        const version = await client.query<{ n: string; port: string }>(
          `SELECT current_setting('server_version_num') AS n, current_setting('port') AS port`,
        );
        const n = Number(version.rows[0]!.n);
        const settings = await client.query<PgSettingRow>(SETTINGS_SQL);
        const files = await client.query<FileSettingRow>(FILE_SETTINGS_SQL);
        return {
          major: Math.floor(n / 10_000),
          version: `${Math.floor(n / 10_000)}.${n % 10_000}`,
          port: Number(version.rows[0]!.port),
          settings: settings.rows,
          files: files.rows,
        };
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}
