import pg from 'pg';
import type { DatabaseEndpoint, DbClient } from '../../src/apply/db-client.js';
import type { ApplyEndpoints, RdsSender, SourceRestart } from '../../src/apply/endpoints.js';
import type { ProgressEvent, ProgressReporter } from '../../src/apply/progress.js';
import { withClient } from '../../src/local/with-client.js';
import type { SecretRef } from '../../src/model/secret-ref.js';

export interface EndpointUrls {
  readonly source: string;
  readonly target: string;
  readonly targetAdmin: string;
  readonly journal: string;
}

/** A local environment's URLs with the journal, the replicated and the admin database all one. */
export function localUrls(local: { readonly sourceUrl: string; readonly targetUrl: string }): EndpointUrls {
  return {
    source: local.sourceUrl,
    target: local.targetUrl,
    targetAdmin: local.targetUrl,
    journal: local.targetUrl,
  };
}

/** Endpoints over connection URLs, as the CLI will build them from an environment. */
export function urlEndpoints(
  urls: EndpointUrls,
  extras: {
    readonly secrets?: Readonly<Record<string, string>>;
    readonly restart?: SourceRestart;
    readonly rds?: RdsSender;
  } = {},
): ApplyEndpoints {
  const byEndpoint: Record<DatabaseEndpoint | 'journal', string> = {
    source: urls.source,
    target: urls.target,
    'target-admin': urls.targetAdmin,
    journal: urls.journal,
  };
  return {
    connect: (endpoint) => connectUrl(byEndpoint[endpoint]),
    restart: extras.restart ?? { kind: 'manual' },
    ...(extras.rds ? { rds: extras.rds } : {}),
    resolveSecret: (ref: SecretRef) => {
      const name = 'env' in ref ? ref.env : ref.file;
      const value = extras.secrets?.[name];
      if (value === undefined) throw new Error(`secret ${name} is not set`);
      return value;
    },
  };
}

export async function connectUrl(url: string): Promise<DbClient> {
  const client = new pg.Client({ connectionString: url, keepAlive: true });
  await client.connect();
  return client;
}

/** Keeps every progress event, for assertions. */
export function recordingProgress(): ProgressReporter & { readonly events: ProgressEvent[] } {
  const events: ProgressEvent[] = [];
  return { events, report: (event) => events.push(event) };
}

/** Every row of every table in the journal schema, as text (to look for leaked secrets). */
export async function journalText(url: string, schema = 'replctl'): Promise<string> {
  return withClient(url, async (db) => {
    const tables = await db.query(
      `SELECT quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = $1`,
      [schema],
    );
    let text = '';
    for (const { t } of tables.rows as { t: string }[]) {
      const rows = await db.query(`SELECT x::text AS row FROM ${pg.escapeIdentifier(schema)}.${t} x`);
      text += rows.rows.map((r: { row: string }) => r.row).join('\n');
    }
    return text;
  });
}

/** The same server and login, another database. */
export function inDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
