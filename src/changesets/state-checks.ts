import type { Diagnostic } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import { didYouMean } from './did-you-mean.js';
import type { FoldedState } from './fold.js';
import { pointerOf } from './json-pointer.js';
import { canonicalTableKey, tableMapIndex } from './table-keys.js';

export { canonicalTableKey };

/**
 * Checks of one folded state (design §2): references between sections resolve and options agree.
 * Each diagnostic points at the changeset that last set the offending value.
 */
export function stateDiagnostics(folded: FoldedState): Diagnostic[] {
  const { state } = folded;
  const out: Diagnostic[] = [];
  const report: Report = (path, at, code, message, removable = []) => {
    // Something the state needs is missing: blame its removal when that came after the need.
    const needed = folded.writer(pointerOf(path)).version;
    const removal = removable
      .map((p) => ({ pointer: pointerOf(p), by: folded.remover(pointerOf(p)) }))
      .filter((r) => r.by !== undefined && r.by.version > needed)
      .sort((a, b) => b.by!.version - a.by!.version)[0];
    out.push(
      removal
        ? {
            position: removal.by!.positions.key(removal.pointer),
            code,
            message: `${message} (version ${removal.by!.version} removed it)`,
          }
        : { position: folded.origin(pointerOf(path), at), code, message },
    );
  };

  // The same table written twice (differently quoted) in one map would be managed twice.
  const tableMaps: [path: readonly string[], map: object | undefined][] = [
    [['target', 'tables'], state.target?.tables],
  ];
  for (const [role, grant] of Object.entries(state.source?.grants ?? {})) {
    tableMaps.push([['source', 'grants', role, 'select'], grant.select]);
  }
  for (const [name, publication] of Object.entries(state.source?.publications ?? {})) {
    tableMaps.push([['source', 'publications', name, 'tables'], publication.tables]);
  }
  for (const [path, map] of tableMaps) {
    for (const { key, earlier } of tableMapIndex(map as Record<string, unknown> | undefined).duplicates) {
      report(
        [...path, key],
        'key',
        'name.duplicate',
        `expected each table once, but got ${key} as well as ${earlier} (the same table)`,
      );
    }
  }

  const group = state.target?.parameterGroup;
  if (group) {
    for (const required of ['name', 'family'] as const) {
      if (group[required] === undefined) {
        report(
          ['target', 'parameterGroup'],
          'key',
          'state.required',
          `expected the parameter group to have a ${required}, but it has none`,
        );
      }
    }
  }

  const publications = state.source?.publications ?? {};
  for (const [name, publication] of Object.entries(publications)) {
    if (
      publication.allTables === true &&
      (publication.tables !== undefined || publication.schemas !== undefined)
    ) {
      report(
        ['source', 'publications', name, 'allTables'],
        'key',
        'publication.exclusive',
        `expected either allTables: true or tables/schemas in publication "${name}", but got both (FOR ALL TABLES takes no list)`,
      );
    }
  }

  // A patch merges into the reference an earlier changeset wrote: { file } over { env } is both.
  for (const [role, desired] of Object.entries(state.source?.roles ?? {})) {
    const password = desired.password;
    if (password !== undefined && 'env' in password && 'file' in password) {
      report(
        ['source', 'roles', role, 'password'],
        'value',
        'secret.both',
        `expected the password of role "${role}" to be one reference, { env } or { file }, but the patches make it both (a patch merges into the earlier reference; to switch, remove it with password: null in one changeset and give the new one in the next)`,
      );
    }
  }

  checkSubscriptions(state, report);
  checkGrants(state, report);
  checkTargetTables(state, report);
  return out;
}

type Path = readonly (string | number)[];
/** Reports at `path`, or at the later removal (with null) of one of `removable`, if any. */
type Report = (
  path: Path,
  at: 'key' | 'value',
  code: string,
  message: string,
  removable?: readonly Path[],
) => void;

function checkSubscriptions(state: DesiredState, report: Report): void {
  const publications = Object.keys(state.source?.publications ?? {});
  for (const [name, subscription] of Object.entries(state.target?.subscriptions ?? {})) {
    if (subscription.publications === undefined) {
      report(
        ['target', 'subscriptions', name],
        'key',
        'state.required',
        `expected subscription "${name}" to list its publications, but it has none`,
      );
      continue;
    }
    // CREATE SUBSCRIPTION names its slot after the subscription unless told otherwise, and slot
    // names are narrower than names: apply would stop at that step.
    if (subscription.options?.slot_name === undefined && !/^[a-z0-9_]{1,63}$/.test(name)) {
      report(
        ['target', 'subscriptions', name],
        'key',
        'subscription.slot-name',
        `expected subscription "${name}" to have options.slot_name (lower-case letters, digits and underscores), since its name cannot name the replication slot, but it has none`,
      );
    }
    subscription.publications.forEach((publication, i) => {
      if (publications.includes(publication)) return;
      const known = publications.length > 0 ? `one of ${publications.join(', ')}` : 'none is defined';
      report(
        ['target', 'subscriptions', name, 'publications', i],
        'value',
        'ref.publication',
        `expected a publication defined in source.publications (${known}), but subscription "${name}" names "${publication}"${didYouMean(publication, publications)}`,
        [['source', 'publications', publication]],
      );
    });
  }
}

/** Every published table can be read by a role that may replicate, or the initial copy fails. */
function checkGrants(state: DesiredState, report: Report): void {
  const roles = state.source?.roles ?? {};
  const replicationRoles = Object.keys(roles).filter((role) => roles[role]?.replication === true);
  const readable = replicationRoles.map((role) => tableMapIndex(state.source?.grants?.[role]?.select).first);
  for (const [name, publication] of Object.entries(state.source?.publications ?? {})) {
    const tables = tableMapIndex(publication.tables);
    for (const [member, table] of tables.keys.entries()) {
      const canonical = tables.canonical[member]!;
      if (readable.some((granted) => granted.has(canonical))) continue;
      const found =
        replicationRoles.length > 0
          ? `got none for ${replicationRoles.join(', ')}`
          : 'no role has replication: true';
      report(
        ['source', 'publications', name, 'tables', table],
        'key',
        'ref.grant',
        `expected a SELECT grant on ${table} in source.grants for a replication role, since publication "${name}" publishes it, but ${found}`,
        replicationRoles.map((role) => ['source', 'grants', role, 'select', table]),
      );
    }
  }
}

/** Subscribed tables need a target table; explicit column lists must agree. */
function checkTargetTables(state: DesiredState, report: Report): void {
  const targetTables = tableMapIndex(state.target?.tables);
  const subscribedBy = new Map<string, string>();
  for (const [name, subscription] of Object.entries(state.target?.subscriptions ?? {})) {
    for (const publication of subscription.publications ?? [])
      if (!subscribedBy.has(publication)) subscribedBy.set(publication, name);
  }
  for (const [name, publication] of Object.entries(state.source?.publications ?? {})) {
    const subscription = subscribedBy.get(name);
    if (subscription === undefined) continue;
    const tables = tableMapIndex(publication.tables);
    for (const [member, table] of tables.keys.entries()) {
      const published = tables.values[member]!;
      const targetIndex = targetTables.last.get(tables.canonical[member]!);
      if (targetIndex === undefined) {
        report(
          ['source', 'publications', name, 'tables', table],
          'key',
          'ref.target-table',
          `expected target.tables to have ${table} (published by "${name}", which subscription "${subscription}" receives), but got no such target table`,
          [['target', 'tables', table]],
        );
        continue;
      }
      const target = targetTables.values[targetIndex]!;
      const targetColumns = target.columns ? Object.keys(target.columns) : undefined;
      (published.columns ?? []).forEach((column, i) => {
        if (!targetColumns || targetColumns.includes(column)) return;
        report(
          ['source', 'publications', name, 'tables', table, 'columns', i],
          'value',
          'ref.column',
          `expected a column of target table ${table} (${targetColumns.join(', ')}), but publication "${name}" publishes "${column}"${didYouMean(column, targetColumns)}`,
        );
      });
    }
  }
  for (const [member, key] of targetTables.keys.entries()) {
    const table = targetTables.values[member]!;
    const hasColumns = table.columns !== undefined;
    if ((table.from === 'source') === hasColumns) {
      report(
        ['target', 'tables', key],
        'key',
        'state.target-table',
        hasColumns
          ? `expected either from: source or columns for target table ${key}, but got both`
          : `expected target table ${key} to say from: source or list its columns, but it does neither`,
      );
    }
    const columns = Object.keys(table.columns ?? {});
    (table.primaryKey ?? []).forEach((column, i) => {
      if (!hasColumns || columns.includes(column)) return;
      report(
        ['target', 'tables', key, 'primaryKey', i],
        'value',
        'ref.column',
        `expected a column of target table ${key} (${columns.join(', ')}), but the primary key names "${column}"${didYouMean(column, columns)}`,
      );
    });
  }
}
