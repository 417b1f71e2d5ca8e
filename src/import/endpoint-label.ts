/**
 * Where an endpoint is, for a comment people read: `host:port`, never the user or password a URL
 * may hold. Without a URL, libpq's PGHOST and PGPORT (as `pg` reads them), else its defaults.
 */
export function endpointLabel(
  connectionString: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (connectionString !== undefined) {
    const url = new URL(connectionString);
    const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost';
    return `${host}:${url.port || url.searchParams.get('port') || '5432'}`;
  }
  return `${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}`;
}

/** `170002` -> `PostgreSQL 17.2`. */
export function serverVersionLabel(serverVersionNum: number): string {
  return `PostgreSQL ${Math.floor(serverVersionNum / 10000)}.${serverVersionNum % 10000}`;
}
