import type { HbaRule } from '../../model/live-state.js';
import { hbaVerdict } from '../hba-match.js';
import type { LintRule } from '../lint-rule.js';
import { hbaConnectionOf } from '../subscription-endpoint.js';

/**
 * pg_hba.conf on the source must let the replication role reach the replicated database from the
 * target (design §8, runbook step 1.2). Logical replication connections match ordinary database
 * lines, not `replication` ones. Read from pg_hba_file_rules (superuser, or granted), which shows
 * the file as it is on disk, lines with errors included.
 */
export const pgHbaNoMatch: LintRule = {
  id: 'pg-hba-no-match',
  severity: 'error',
  summary: 'no pg_hba.conf line lets the replication role reach the source database from the target',
  check({ desired, live, context }) {
    const connection = context.connection;
    const hba = live.source.hba;
    if (connection === undefined || hba === undefined || !hasSubscriptions(desired)) return [];
    const asked = hbaConnectionOf(connection);
    const verdict = hbaVerdict(hba, asked);
    if (verdict.kind === 'accepted') return [];
    const from = asked.socket
      ? 'over the Unix socket'
      : asked.addresses === undefined
        ? "from any address (the target's address is not known here, so it was not checked)"
        : `from ${asked.addresses.join(' or ')}`;
    const why =
      verdict.kind === 'rejected'
        ? `${where(verdict.line)} (${describe(verdict.line)}) rejects it`
        : 'no line matches it';
    const address = asked.addresses?.[0] ?? '<target address>';
    const cidr = address.includes(':') ? `${address}/128` : `${address}/32`;
    return [
      {
        object: `${connection.user}@${connection.dbname}`,
        message:
          `pg_hba.conf on the source does not let role ${connection.user} connect to database ` +
          `${connection.dbname} ${from}: ${why}. The subscription's connection is refused ("no pg_hba.conf ` +
          'entry for host …"), so replication never starts. Lines for `replication` do not count: logical ' +
          'replication connects to a database.',
        fix:
          `Add a line before any line that rejects it — ${asked.socket ? 'local' : 'host'}  ${connection.dbname}  ` +
          `${connection.user}  ${asked.socket ? '' : `${cidr}  `}scram-sha-256 — and reload the source ` +
          '(SELECT pg_reload_conf()).',
      },
    ];
  },
};

export const pgHbaLineError: LintRule = {
  id: 'pg-hba-line-error',
  severity: 'error',
  summary: 'a pg_hba.conf line on the source has an error',
  check({ live }) {
    return (live.source.hba ?? [])
      .filter((rule) => rule.error !== null)
      .map((rule) => ({
        object: `${rule.fileName ?? 'pg_hba.conf'}:${rule.lineNumber}`,
        message:
          `${where(rule)} has an error: ${rule.error}. PostgreSQL ignores a reload of a pg_hba.conf with errors ` +
          '(the old rules stay in force) and refuses to start with one: the next restart of the source fails.',
        fix: `Correct or remove ${where(rule)}, then reload (SELECT pg_reload_conf()) and check pg_hba_file_rules.`,
      }));
  },
};

export const pgHbaUnchecked: LintRule = {
  id: 'pg-hba-unchecked',
  severity: 'info',
  summary: 'pg_hba.conf could not be read, so its coverage was not checked',
  check({ desired, live, context }) {
    if (live.source.hba !== undefined || context.connection === undefined || !hasSubscriptions(desired)) {
      return [];
    }
    return [
      {
        object: 'pg_hba.conf',
        message:
          'The source login may not read pg_hba_file_rules, so whether pg_hba.conf lets role ' +
          `${context.connection.user} connect to ${context.connection.dbname} from the target was not checked.`,
        fix:
          'Run lint with a superuser on the source, or GRANT SELECT ON pg_hba_file_rules and EXECUTE ON FUNCTION ' +
          'pg_hba_file_rules() to the login; or check pg_hba.conf by hand.',
      },
    ];
  },
};

function hasSubscriptions(desired: Parameters<LintRule['check']>[0]['desired']): boolean {
  return Object.keys(desired.target?.subscriptions ?? {}).length > 0;
}

function where(rule: HbaRule): string {
  return `line ${rule.lineNumber} of ${rule.fileName ?? 'pg_hba.conf'}`;
}

function describe(rule: HbaRule): string {
  return [rule.type, rule.databases.join(','), rule.users.join(','), rule.address, rule.authMethod]
    .filter((part) => part !== null && part !== '')
    .join(' ');
}
