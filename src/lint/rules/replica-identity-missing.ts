import { parseTable } from '../../planner/table-names.js';
import { quoteQualified } from '../../sql/quote.js';
import type { LintRule, RuleFinding } from '../lint-rule.js';
import { replicaIdentityOf } from '../replica-identity.js';
import { desiredPublishedMembers } from '../replicated-tables.js';

/**
 * A published table that publishes UPDATE or DELETE needs a primary key, a replica identity index
 * or REPLICA IDENTITY FULL (design §8): without one, PostgreSQL refuses every UPDATE and DELETE on
 * the table on the source as soon as it is in the publication.
 */
export const replicaIdentityMissing: LintRule = {
  id: 'replica-identity-missing',
  severity: 'error',
  summary: 'a published table that publishes update or delete has no primary key or usable replica identity',
  check({ desired, live }) {
    const byTable = new Map<string, { why: string; publications: string[] }>();
    for (const member of desiredPublishedMembers(desired, live)) {
      if (!member.publish.includes('update') && !member.publish.includes('delete')) continue;
      const table = live.source.tables[member.table];
      if (table === undefined) continue;
      const identity = replicaIdentityOf(table);
      if (identity.kind !== 'none') continue;
      const entry = byTable.get(member.table) ?? { why: identity.why, publications: [] };
      entry.publications.push(member.publication);
      byTable.set(member.table, entry);
    }
    return [...byTable].map(([table, { why, publications }]): RuleFinding => {
      const sql = quoteQualified(parseTable(table));
      return {
        object: table,
        message:
          `${table} is in publication ${publications.join(', ')}, which publishes update/delete, but ${why}: ` +
          'once it is published, every UPDATE and DELETE on it fails on the source ' +
          '("cannot update table … because it does not have a replica identity and publishes updates").',
        fix:
          `Add a primary key (ALTER TABLE ${sql} ADD PRIMARY KEY (…)); or a unique index on NOT NULL columns ` +
          `and ALTER TABLE ${sql} REPLICA IDENTITY USING INDEX …; or ALTER TABLE ${sql} REPLICA IDENTITY FULL ` +
          '(every column is sent and the subscriber searches without an index: slow on big tables); ' +
          'or publish only insert and truncate from a publication of its own.',
      };
    });
  },
};
