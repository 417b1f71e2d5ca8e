import type { LiveGrants } from '../model/live-state.js';
import type { Change } from './changes.js';
import type { DiffInput } from './diff-input.js';
import { isMentioned, mentionedKeys, mentionedTables } from './managed-scope.js';
import { memberChanges } from './member-changes.js';
import { formatPath } from './paths.js';
import { canonicalTable } from './table-names.js';

const NO_GRANTS: LiveGrants = { connect: false, usage: [], select: [] };

/**
 * CONNECT, USAGE and SELECT per grantee, one batched change per kind. A live grant is revoked only
 * when a changeset mentioned it (or the grantee role itself is being dropped: its privileges would
 * block DROP ROLE).
 */
export function diffGrants({ desired, live, context, managed }: DiffInput): Change[] {
  const wanted = desired.source?.grants ?? {};
  const desiredRoles = desired.source?.roles ?? {};
  const dropped = new Set(
    mentionedKeys(managed, ['source', 'roles']).filter(
      (role) => !(role in desiredRoles) && live.source.roles[role] !== undefined && !(role in wanted),
    ),
  );
  const roles = new Set([
    ...Object.keys(wanted),
    ...mentionedKeys(managed, ['source', 'grants']),
    ...dropped,
  ]);
  const changes: Change[] = [];
  for (const role of [...roles].sort()) {
    const want = wanted[role];
    const have = live.source.grants[role] ?? NO_GRANTS;
    const revokeAll = dropped.has(role);
    const base = ['source', 'grants', role] as const;
    const database = context.sourceDatabase;

    if (want?.connect === true && !have.connect) {
      changes.push({ kind: 'GrantConnect', role, database, reasons: [formatPath(...base, 'connect')] });
    }
    if (
      have.connect &&
      (revokeAll ||
        want?.connect === false ||
        (want?.connect === undefined && isMentioned(managed, [...base, 'connect'])))
    ) {
      changes.push({ kind: 'RevokeConnect', role, database, reasons: [formatPath(...base, 'connect')] });
    }

    const usage = memberChanges(
      want?.usage,
      have.usage,
      new Set(mentionedKeys(managed, [...base, 'usage'])),
      revokeAll,
    );
    if (usage.add.length > 0) {
      changes.push({ kind: 'GrantUsage', role, schemas: usage.add, reasons: [formatPath(...base, 'usage')] });
    }
    if (usage.remove.length > 0) {
      changes.push({
        kind: 'RevokeUsage',
        role,
        schemas: usage.remove,
        reasons: [formatPath(...base, 'usage')],
      });
    }

    const wantedTables =
      want?.select &&
      Object.keys(want.select).map((t) => canonicalTable(t, () => formatPath(...base, 'select', t)));
    const select = memberChanges(
      wantedTables,
      have.select,
      mentionedTables(managed, [...base, 'select']),
      revokeAll,
    );
    if (select.add.length > 0) {
      changes.push({
        kind: 'GrantSelect',
        role,
        tables: select.add,
        reasons: select.add.map((t) => formatPath(...base, 'select', t)),
      });
    }
    if (select.remove.length > 0) {
      changes.push({
        kind: 'RevokeSelect',
        role,
        tables: select.remove,
        reasons: select.remove.map((t) => formatPath(...base, 'select', t)),
      });
    }
  }
  return changes;
}
