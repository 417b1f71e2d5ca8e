import type { HbaConnection } from './hba-match.js';
import { ipBytes, isLoopback } from './ip-address.js';
import type { LintContext } from './lint-context.js';

/**
 * The subscription connection as pg_hba.conf on the source sees it. The client address is known
 * only when the target reaches the source over loopback (the connection then comes from that
 * address); otherwise it is the target's outgoing address, which replctl cannot see (an RDS
 * instance's address differs by network path), and the address is not checked.
 */
export function hbaConnectionOf(connection: NonNullable<LintContext['connection']>): HbaConnection {
  const host = connection.host;
  const sslmode = connection.sslmode ?? 'prefer';
  const socket = host.startsWith('/') || host === '';
  const ssl = socket
    ? [false]
    : sslmode === 'disable'
      ? [false]
      : sslmode === 'allow' || sslmode === 'prefer'
        ? [true, false]
        : [true];
  const addresses = loopbackAddresses(host);
  return {
    database: connection.dbname,
    user: connection.user,
    socket,
    ...(addresses === undefined ? {} : { addresses }),
    ssl,
  };
}

/** The addresses a loopback host resolves to; undefined for any other host. */
export function loopbackAddresses(host: string): readonly string[] | undefined {
  if (host === 'localhost') return ['127.0.0.1', '::1'];
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return ipBytes(bare) !== undefined && isLoopback(bare) ? [bare] : undefined;
}
