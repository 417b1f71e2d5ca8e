import type { HbaRule } from '../model/live-state.js';
import { inNetwork, ipBytes, isLoopback } from './ip-address.js';

/** A connection the linter asks pg_hba.conf about. */
export interface HbaConnection {
  readonly database: string;
  readonly user: string;
  /** A Unix-socket connection (host is a directory): `local` lines. */
  readonly socket: boolean;
  /** Addresses the source may see the connection come from; undefined: unknown, not checked. */
  readonly addresses?: readonly string[];
  /** Whether it uses SSL: [true] (require, verify-*), [false] (disable), or either (prefer, allow). */
  readonly ssl: readonly boolean[];
}

/**
 * How pg_hba.conf treats a connection, first matching line wins. `accepted` when some possible
 * connection (address, SSL or not) reaches a line whose method is not `reject`; `rejected` when the
 * first line that surely matches rejects it; `unmatched` when no line matches. A line that might
 * match (a `+group`, `samerole`, a host name, an unknown address) counts as accepting: the linter
 * only reports what surely fails. Lines with errors are skipped (PostgreSQL loads no such file).
 */
export type HbaVerdict =
  | { readonly kind: 'accepted'; readonly line: HbaRule; readonly certain: boolean }
  | { readonly kind: 'rejected'; readonly line: HbaRule }
  | { readonly kind: 'unmatched' };

type Match = 'yes' | 'maybe' | 'no';

export function hbaVerdict(rules: readonly HbaRule[], connection: HbaConnection): HbaVerdict {
  let rejected: HbaVerdict | undefined;
  for (const address of connection.addresses ?? [undefined]) {
    for (const ssl of connection.ssl) {
      const verdict = scenario(rules, connection, address, ssl);
      if (verdict.kind === 'accepted') return verdict;
      if (verdict.kind === 'rejected') rejected ??= verdict;
    }
  }
  return rejected ?? { kind: 'unmatched' };
}

function scenario(
  rules: readonly HbaRule[],
  connection: HbaConnection,
  address: string | undefined,
  ssl: boolean,
): HbaVerdict {
  let maybe: HbaRule | undefined;
  for (const rule of rules) {
    if (rule.error !== null || rule.type === null) continue;
    const match = all([
      typeMatches(rule.type, connection.socket, ssl),
      listMatches(rule.databases, (token) => databaseToken(token, connection)),
      listMatches(rule.users, (token) => userToken(token, connection.user)),
      connection.socket ? 'yes' : addressMatches(rule, address),
    ]);
    if (match === 'no') continue;
    const accepts = rule.authMethod !== 'reject';
    if (match === 'maybe') {
      if (accepts) maybe ??= rule;
      continue;
    }
    if (accepts) return { kind: 'accepted', line: rule, certain: maybe === undefined };
    return maybe === undefined
      ? { kind: 'rejected', line: rule }
      : { kind: 'accepted', line: maybe, certain: false };
  }
  return maybe === undefined ? { kind: 'unmatched' } : { kind: 'accepted', line: maybe, certain: false };
}

function all(matches: readonly Match[]): Match {
  if (matches.includes('no')) return 'no';
  return matches.includes('maybe') ? 'maybe' : 'yes';
}

function listMatches(tokens: readonly string[], token: (t: string) => Match): Match {
  let best: Match = 'no';
  for (const t of tokens) {
    const m = token(t);
    if (m === 'yes') return 'yes';
    if (m === 'maybe') best = 'maybe';
  }
  return best;
}

function typeMatches(type: string, socket: boolean, ssl: boolean): Match {
  if (socket) return type === 'local' ? 'yes' : 'no';
  switch (type) {
    case 'host':
    case 'hostnogssenc':
      return 'yes';
    case 'hostssl':
      return ssl ? 'yes' : 'no';
    case 'hostnossl':
      return ssl ? 'no' : 'yes';
    default:
      // local, and hostgssenc (replctl's subscriptions do not ask for GSSAPI encryption).
      return 'no';
  }
}

/**
 * A logical replication connection names a database, so it matches database lines: `all`,
 * `sameuser`, its name; never `replication`, which only physical replication matches (design §8).
 */
function databaseToken(token: string, connection: HbaConnection): Match {
  if (token === 'all') return 'yes';
  if (token === 'replication') return 'no';
  if (token === 'sameuser') return connection.database === connection.user ? 'yes' : 'no';
  if (token === 'samerole' || token === 'samegroup') return 'maybe';
  return nameToken(token, connection.database);
}

/** `+role` matches members of role (the role itself included); membership is not read: maybe. */
function userToken(token: string, user: string): Match {
  if (token === 'all') return 'yes';
  if (token.startsWith('+')) return token.slice(1) === user ? 'yes' : 'maybe';
  return nameToken(token, user);
}

/** A name, or (PostgreSQL 16+) a regular expression written `/…`. */
function nameToken(token: string, name: string): Match {
  if (token.startsWith('/')) {
    try {
      return new RegExp(token.slice(1)).test(name) ? 'yes' : 'no';
    } catch {
      return 'maybe';
    }
  }
  return token === name ? 'yes' : 'no';
}

function addressMatches(rule: HbaRule, address: string | undefined): Match {
  const network = rule.address;
  if (network === null || network === 'all') return 'yes';
  if (address === undefined) return 'maybe';
  if (network === 'samehost' || network === 'samenet') return isLoopback(address) ? 'yes' : 'maybe';
  if (rule.netmask === null || ipBytes(network) === undefined) return 'maybe';
  const inside = inNetwork(address, network, rule.netmask);
  return inside === undefined ? 'maybe' : inside ? 'yes' : 'no';
}
