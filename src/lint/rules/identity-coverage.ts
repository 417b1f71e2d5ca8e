import { PG15 } from '../../introspect/server-version.js';
import type { LiveTable } from '../../model/live-state.js';
import type { LintInput, LintRule, RuleFinding } from '../lint-rule.js';
import { type ReplicaIdentity, replicaIdentityOf } from '../replica-identity.js';
import { desiredPublishedMembers, type PublishedMember } from '../replicated-tables.js';
import { rowFilterColumns } from '../row-filter-columns.js';

/**
 * PostgreSQL 15+: when a publication publishes UPDATE or DELETE, a row filter may only use
 * replica identity columns and a column list must contain them all; otherwise UPDATE and DELETE on
 * the table fail on the source. (No replica identity at all is `replica-identity-missing`.)
 */
export const rowFilterOutsideReplicaIdentity: LintRule = {
  id: 'row-filter-outside-replica-identity',
  severity: 'error',
  summary:
    'a row filter uses columns outside the replica identity while update or delete are published (15+)',
  check: (input) =>
    covered(input, 'where', (member, table, identity) => {
      if (member.where === undefined) return undefined;
      const used = rowFilterColumns(
        member.where,
        table.columns.map((c) => c.name),
      );
      const outside = used.filter((c) => !identityHas(identity, table, c));
      if (outside.length === 0) return undefined;
      return {
        object: member.table,
        message:
          `The row filter of ${member.table} in publication ${member.publication} (${member.where}) uses ` +
          `${list(outside)}, which ${outside.length === 1 ? 'is' : 'are'} not in the replica identity ` +
          `(${describe(identity)}), and the publication publishes update/delete: every UPDATE and DELETE on ` +
          'the table fails on the source ("Column used in the publication WHERE expression is not part of the replica identity").',
        fix:
          'Filter on replica identity columns only; or make those columns part of the replica identity ' +
          '(a unique index with REPLICA IDENTITY USING INDEX, or REPLICA IDENTITY FULL); or publish only ' +
          'insert and truncate from that publication.',
      };
    }),
};

export const columnListMissingReplicaIdentity: LintRule = {
  id: 'column-list-missing-replica-identity',
  severity: 'error',
  summary: 'a column list leaves out replica identity columns while update or delete are published (15+)',
  check: (input) =>
    covered(input, 'columns', (member, table, identity) => {
      if (member.columns === undefined) return undefined;
      const needed =
        identity.kind === 'full'
          ? table.columns.filter((c) => c.generated === undefined).map((c) => c.name)
          : identity.kind === 'key'
            ? identity.columns
            : [];
      const listed = new Set(member.columns);
      const missing = needed.filter((c) => !listed.has(c));
      if (missing.length === 0) return undefined;
      return {
        object: member.table,
        message:
          `The column list of ${member.table} in publication ${member.publication} (${member.columns.join(', ')}) ` +
          `leaves out ${list(missing)} of the replica identity (${describe(identity)}), and the publication ` +
          'publishes update/delete: every UPDATE and DELETE on the table fails on the source ' +
          '("Column list used by the publication does not cover the replica identity").',
        fix: `Add ${list(missing)} to the column list, or publish only insert and truncate from that publication.`,
      };
    }),
};

/** Runs `check` per member with a `restriction` (row filter or column list) that publishes update or delete. */
function covered(
  { desired, live }: LintInput,
  restriction: 'where' | 'columns',
  check: (member: PublishedMember, table: LiveTable, identity: ReplicaIdentity) => RuleFinding | undefined,
): RuleFinding[] {
  if (live.source.serverVersionNum < PG15) return [];
  return desiredPublishedMembers(desired, live).flatMap((member) => {
    // Most members have neither: skipped before their identity is worked out.
    if (member[restriction] === undefined) return [];
    if (!member.publish.includes('update') && !member.publish.includes('delete')) return [];
    const table = live.source.tables[member.table];
    if (table === undefined) return [];
    const identity = replicaIdentityOf(table);
    if (identity.kind === 'none') return [];
    return check(member, table, identity) ?? [];
  });
}

function identityHas(identity: ReplicaIdentity, table: LiveTable, column: string): boolean {
  if (identity.kind === 'full') return table.columns.some((c) => c.name === column);
  return identity.kind === 'key' && identity.columns.includes(column);
}

function describe(identity: ReplicaIdentity): string {
  if (identity.kind === 'full') return 'FULL: every column';
  if (identity.kind === 'key') return `${identity.source} ${identity.columns.join(', ')}`;
  return 'none';
}

function list(columns: readonly string[]): string {
  return `column${columns.length === 1 ? '' : 's'} ${columns.join(', ')}`;
}
