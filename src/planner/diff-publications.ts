import { ReplctlError } from '../errors.js';
import type { DesiredPublication } from '../model/desired-state.js';
import type { LivePublication } from '../model/live-state.js';
import type { Change, PublishedTable, SetPublicationOptions } from './changes.js';
import { desiredPublicationTables } from './desired-tables.js';
import { type DiffInput, sortedKeys } from './diff-input.js';
import { mentionedKeys, mentionedTables } from './managed-scope.js';
import { memberChanges } from './member-changes.js';
import { formatPath } from './paths.js';
import { sameRowFilter } from './row-filter.js';
import { requireSourceVersion } from './source-version.js';
import { canonicalTable } from './table-names.js';

/**
 * Publications on the source: create missing ones; add, drop and replace members (a changed column
 * list or row filter is dropped and added back in one transaction); change options in place; drop
 * managed publications that left the desired state. Membership is table-level (pg_publication_rel).
 */
export function diffPublications({ desired, live, managed }: DiffInput): Change[] {
  const wanted = desired.source?.publications ?? {};
  const changes: Change[] = [];
  const subscribedPublications = new Set(
    Object.values(live.target.subscriptions).flatMap((subscription) => subscription.publications),
  );
  for (const name of sortedKeys(wanted)) {
    const publication = wanted[name]!;
    const base = ['source', 'publications', name] as const;
    checkVersion(publication, live.source.serverVersionNum, base);
    const tables = publishedTables(publication, base);
    const schemas = sortedKeys(publication.schemas);
    const current = live.source.publications[name];
    if (current === undefined) {
      changes.push({
        kind: 'CreatePublication',
        name,
        allTables: publication.allTables ?? false,
        tables,
        schemas,
        ...(publication.publish === undefined ? {} : { publish: publication.publish }),
        ...(publication.publishViaPartitionRoot === undefined
          ? {}
          : { publishViaPartitionRoot: publication.publishViaPartitionRoot }),
        subscribed: subscribedPublications.has(name),
        reasons: [formatPath(...base)],
      });
      continue;
    }
    if ((publication.allTables ?? false) !== current.allTables) {
      throw new ReplctlError(
        `${formatPath(...base, 'allTables')}: FOR ALL TABLES cannot be switched on or off in place; ` +
          'remove the publication (null) in one changeset and add it back in a later one',
      );
    }
    const options = changedOptions(publication, current);
    if (options !== undefined) {
      changes.push({
        kind: 'SetPublicationOptions',
        name,
        ...options,
        reasons: optionReasons(options, base),
      });
    }
    changes.push(...memberDiff(name, tables, schemas, current, managed, base));
  }
  for (const name of [...mentionedKeys(managed, ['source', 'publications'])].sort()) {
    const current = live.source.publications[name];
    if (name in wanted || current === undefined) continue;
    changes.push({
      kind: 'DropPublication',
      name,
      tables: Object.keys(current.tables).sort(),
      reasons: [formatPath('source', 'publications', name)],
    });
  }
  return changes;
}

function memberDiff(
  name: string,
  tables: readonly PublishedTable[],
  schemas: readonly string[],
  current: LivePublication,
  managed: DiffInput['managed'],
  base: readonly string[],
): Change[] {
  const tablePath = (t: string) => formatPath(...base, 'tables', t);
  const add = tables.filter((t) => current.tables[t.table] === undefined);
  const replace = tables.filter((t) => {
    const member = current.tables[t.table];
    return (
      member !== undefined &&
      !(sameColumns(t.columns, member.columns) && sameRowFilter(t.where, member.where))
    );
  });
  const wantedTables = new Set(tables.map((t) => t.table));
  const mentioned = mentionedTables(managed, [...base, 'tables']);
  const dropTables = Object.keys(current.tables)
    .filter((t) => !wantedTables.has(t) && mentioned.has(t))
    .sort();
  const schemaChanges = memberChanges(
    schemas,
    current.schemas,
    new Set(mentionedKeys(managed, [...base, 'schemas'])),
  );
  const schemaPath = (s: string) => formatPath(...base, 'schemas', s);

  const changes: Change[] = [];
  if (add.length > 0 || schemaChanges.add.length > 0) {
    changes.push({
      kind: 'AddPublicationTables',
      publication: name,
      tables: add,
      schemas: schemaChanges.add,
      reasons: [...add.map((t) => tablePath(t.table)), ...schemaChanges.add.map(schemaPath)],
    });
  }
  if (replace.length > 0) {
    changes.push({
      kind: 'ReplacePublicationTables',
      publication: name,
      tables: replace,
      reasons: replace.map((t) => tablePath(t.table)),
    });
  }
  if (dropTables.length > 0 || schemaChanges.remove.length > 0) {
    changes.push({
      kind: 'DropPublicationTables',
      publication: name,
      tables: dropTables,
      schemas: schemaChanges.remove,
      reasons: [...dropTables.map(tablePath), ...schemaChanges.remove.map(schemaPath)],
    });
  }
  return changes;
}

/** Desired members in canonical spelling, sorted; a key that is no table name is refused. */
function publishedTables(
  publication: DesiredPublication,
  base: readonly string[],
): readonly PublishedTable[] {
  const { sorted, invalidKey } = desiredPublicationTables(publication);
  if (invalidKey !== undefined) canonicalTable(invalidKey, () => formatPath(...base, 'tables', invalidKey));
  return sorted;
}

/** Column lists, row filters and TABLES IN SCHEMA are PostgreSQL 15; publish_via_partition_root 13. */
function checkVersion(publication: DesiredPublication, version: number, base: readonly string[]): void {
  const members = publication.tables ?? {};
  for (const table of Object.keys(members)) {
    const member = members[table]!;
    if (member.columns !== undefined) {
      requireSourceVersion(version, 15, 'a column list', formatPath(...base, 'tables', table, 'columns'));
    }
    if (member.where !== undefined) {
      requireSourceVersion(version, 15, 'a row filter', formatPath(...base, 'tables', table, 'where'));
    }
  }
  if (Object.keys(publication.schemas ?? {}).length > 0) {
    requireSourceVersion(version, 15, 'TABLES IN SCHEMA', formatPath(...base, 'schemas'));
  }
  if (publication.publishViaPartitionRoot !== undefined) {
    requireSourceVersion(
      version,
      13,
      'publish_via_partition_root',
      formatPath(...base, 'publishViaPartitionRoot'),
    );
  }
}

type Options = Pick<SetPublicationOptions, 'publish' | 'publishViaPartitionRoot'>;

function changedOptions(publication: DesiredPublication, current: LivePublication): Options | undefined {
  const publish =
    publication.publish !== undefined && !sameSet(publication.publish, current.publish)
      ? { publish: publication.publish }
      : {};
  const viaRoot =
    publication.publishViaPartitionRoot !== undefined &&
    publication.publishViaPartitionRoot !== current.publishViaPartitionRoot
      ? { publishViaPartitionRoot: publication.publishViaPartitionRoot }
      : {};
  const options: Options = { ...publish, ...viaRoot };
  return Object.keys(options).length === 0 ? undefined : options;
}

function optionReasons(options: Options, base: readonly string[]): string[] {
  return [
    ...(options.publish === undefined ? [] : [formatPath(...base, 'publish')]),
    ...(options.publishViaPartitionRoot === undefined
      ? []
      : [formatPath(...base, 'publishViaPartitionRoot')]),
  ];
}

function sameColumns(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameSet(a, b);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
