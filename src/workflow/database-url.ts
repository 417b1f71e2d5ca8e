/**
 * The target URL names the journal/admin database; the replicated database may be another one on
 * the same server. pg gives a connection string precedence over a `database` option, so the URL
 * itself is rewritten.
 */
export function withDatabase(connectionString: string | undefined, database: string): string | undefined {
  if (connectionString === undefined) return undefined;
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The database a URL names (or PGDATABASE / the user name, as libpq defaults it). */
export function databaseOf(connectionString: string | undefined, env: NodeJS.ProcessEnv): string {
  if (connectionString !== undefined) {
    const url = new URL(connectionString);
    const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (name !== '') return name;
    if (url.username !== '') return decodeURIComponent(url.username);
  }
  return env.PGDATABASE ?? env.PGUSER ?? env.USER ?? 'postgres';
}
