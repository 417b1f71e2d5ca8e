/** The PostgreSQL cluster that plays the RDS instance (the local target), as the daemon hands it over. */
export interface RdsInstanceBacking {
  /** The DB instance identifier, e.g. `reporting-replica`. */
  readonly identifier: string;
  /** The target cluster's real superuser, for pg_settings and ALTER SYSTEM. Never shown to clients. */
  readonly superuserUrl: string;
  /** Stops and starts the target cluster; resolves when it accepts connections again. */
  restart(): Promise<void>;
}

/** The host clients reach the instance at, as DescribeDBInstances shows it (never the credentials). */
export function backingAddress(superuserUrl: string): string {
  try {
    const url = new URL(superuserUrl);
    const host = url.hostname || url.searchParams.get('host') || '';
    // A socket directory is no address for a client on the network side.
    return host === '' || host.startsWith('/') ? 'localhost' : host.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return 'localhost';
  }
}
