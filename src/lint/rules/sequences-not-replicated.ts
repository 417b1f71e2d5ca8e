import { parseTable } from '../../planner/table-names.js';
import { parseQualifiedName, quoteIdent, quoteLiteral, quoteQualified } from '../../sql/quote.js';
import type { LintRule, RuleFinding } from '../lint-rule.js';
import { subscribedTables } from '../replicated-tables.js';

/**
 * Sequences are not replicated (design §8): the target's copy of a serial or identity column gets
 * the rows, not the sequence's position. Harmless while the target only reads; at cutover (the
 * target starts taking writes) each sequence must be moved past the replicated values.
 */
export const sequencesNotReplicated: LintRule = {
  id: 'sequences-not-replicated',
  severity: 'info',
  summary: 'a published table owns sequences, whose values logical replication does not copy',
  check({ desired, live }) {
    const seen = new Set<string>();
    return subscribedTables(desired, live).flatMap((entry): RuleFinding[] => {
      if (seen.has(entry.table)) return [];
      seen.add(entry.table);
      const sequences = (live.source.tables[entry.table]?.sequences ?? []).filter(
        (s) => entry.columns === 'all' || entry.columns.has(s.column),
      );
      if (sequences.length === 0) return [];
      const table = quoteQualified(parseTable(entry.table));
      const setvals = sequences.map((s) => {
        const sequence = parseQualifiedName(s.sequence);
        const regclass = sequence === undefined ? s.sequence : quoteQualified(sequence);
        return `SELECT setval(${quoteLiteral(regclass)}, (SELECT coalesce(max(${quoteIdent(s.column)}), 0) + 1 FROM ${table}), false);`;
      });
      return [
        {
          object: entry.table,
          message:
            `${entry.table} owns ${sequences.map((s) => `${s.sequence} (column ${s.column})`).join(', ')}; logical ` +
            'replication copies the rows but not the sequence positions, so after a cutover to the target new ' +
            'rows would get values the source already used.',
          fix:
            'At cutover, once writes to the source stopped and the target caught up (replctl verify), create the ' +
            `sequences on the target if needed and move them past the replicated values there: ${setvals.join(' ')}`,
        },
      ];
    });
  },
};
