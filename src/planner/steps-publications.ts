import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type {
  AddPublicationTables,
  CreatePublication,
  DropPublication,
  DropPublicationTables,
  PublishedTable,
  ReplacePublicationTables,
  SetPublicationOptions,
} from './changes.js';
import { type DraftStep, sqlStep, statements } from './draft-step.js';
import { formatPath } from './paths.js';
import { Phase } from './phases.js';
import * as post from './postconditions.js';
import { counted, readableName } from './readable-name.js';
import { Tag } from './step-tags.js';
import { sqlTable } from './table-names.js';

/** `"s"."t" ("a", "b") WHERE (expr)`: the row filter is SQL the changeset author wrote. */
function memberSql(member: PublishedTable): string {
  const columns = member.columns === undefined ? '' : ` (${member.columns.map(quoteIdent).join(', ')})`;
  const where = member.where === undefined ? '' : ` WHERE (${member.where})`;
  return `${sqlTable(member.table)}${columns}${where}`;
}

/** `TABLE a, b, TABLES IN SCHEMA s` (PostgreSQL 15 syntax as soon as schemas are involved). */
function objectsSql(tables: readonly string[], schemas: readonly string[]): string {
  return [
    ...(tables.length > 0 ? [`TABLE ${tables.join(', ')}`] : []),
    ...(schemas.length > 0 ? [`TABLES IN SCHEMA ${schemas.map(quoteIdent).join(', ')}`] : []),
  ].join(', ');
}

function optionsSql(c: Pick<SetPublicationOptions, 'publish' | 'publishViaPartitionRoot'>): string[] {
  return [
    ...(c.publish === undefined ? [] : [`publish = ${quoteLiteral(c.publish.join(', '))}`]),
    ...(c.publishViaPartitionRoot === undefined
      ? []
      : [`publish_via_partition_root = ${c.publishViaPartitionRoot}`]),
  ];
}

function membersSummary(tables: number, schemas: number): string {
  return [
    ...(tables > 0 ? [counted(tables, 'table')] : []),
    ...(schemas > 0 ? [counted(schemas, 'schema')] : []),
  ].join(', ');
}

const tableNames = (members: readonly PublishedTable[]) => members.map((m) => sqlTable(m.table));

/**
 * A new publication streams nothing until a subscription uses it, so it is created while the
 * target tables are (the steps that subscribe need the tables themselves), unless a live
 * subscription already names it.
 */
export function createPublicationSteps(c: CreatePublication): DraftStep[] {
  const target = c.allTables ? 'ALL TABLES' : objectsSql(c.tables.map(memberSql), c.schemas);
  const options = optionsSql(c);
  const sql = `CREATE PUBLICATION ${quoteIdent(c.name)}${target === '' ? '' : ` FOR ${target}`}${
    options.length > 0 ? ` WITH (${options.join(', ')})` : ''
  }`;
  const what = c.allTables ? 'FOR ALL TABLES' : membersSummary(c.tables.length, c.schemas.length) || 'empty';
  return [
    sqlStep({
      id: formatPath('source', 'publication', c.name, 'create'),
      endpoint: 'source',
      action: '+',
      summary: `CREATE PUBLICATION ${readableName(c.name)} (${what})`,
      sql: statements(sql),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.publicationCreate,
      needs: c.subscribed ? [Tag.targetTables] : [],
      provides: [Tag.publication(c.name), Tag.publicationMembers(c.name)],
      postcondition: post.publicationExists(c.name, true),
    }),
  ];
}

export function publicationOptionsSteps(c: SetPublicationOptions): DraftStep[] {
  const options = optionsSql(c).join(', ');
  return [
    sqlStep({
      id: formatPath('source', 'publication', c.name, 'options'),
      endpoint: 'source',
      action: '~',
      summary: `ALTER PUBLICATION ${readableName(c.name)} SET (${options})`,
      sql: statements(`ALTER PUBLICATION ${quoteIdent(c.name)} SET (${options})`),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.publicationOptions,
      needs: [Tag.publication(c.name)],
    }),
  ];
}

/** After the target tables and columns exist: the subscriber must be able to take the rows. */
export function addPublicationTablesSteps(c: AddPublicationTables): DraftStep[] {
  return [
    sqlStep({
      id: formatPath('source', 'publication', c.publication, 'add-tables'),
      endpoint: 'source',
      action: '+',
      summary: `ALTER PUBLICATION ${readableName(c.publication)} ADD (${membersSummary(c.tables.length, c.schemas.length)})`,
      sql: statements(
        `ALTER PUBLICATION ${quoteIdent(c.publication)} ADD ${objectsSql(c.tables.map(memberSql), c.schemas)}`,
      ),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.publicationMembers,
      needs: [Tag.targetTables, Tag.staleTablesReleased],
      provides: [Tag.publicationMembers(c.publication)],
      postcondition:
        c.schemas.length === 0
          ? post.publicationHasTables(c.publication, tableNames(c.tables), true)
          : undefined,
    }),
  ];
}

/** A member's column list or row filter cannot be altered: drop and add it back atomically. */
export function replacePublicationTablesSteps(c: ReplacePublicationTables): DraftStep[] {
  const publication = quoteIdent(c.publication);
  return [
    sqlStep({
      id: formatPath('source', 'publication', c.publication, 'replace-tables'),
      endpoint: 'source',
      action: '~',
      summary: `ALTER PUBLICATION ${readableName(c.publication)}: new column list or row filter (${counted(c.tables.length, 'table')})`,
      sql: statements(
        `ALTER PUBLICATION ${publication} DROP TABLE ${tableNames(c.tables).join(', ')}`,
        `ALTER PUBLICATION ${publication} ADD TABLE ${c.tables.map(memberSql).join(', ')}`,
      ),
      transactional: true,
      reasons: c.reasons,
      phase: Phase.publicationMembers,
      needs: [Tag.targetTables],
      provides: [Tag.publicationMembers(c.publication)],
    }),
  ];
}

export function dropPublicationTablesSteps(c: DropPublicationTables): DraftStep[] {
  const tables = c.tables.map(sqlTable);
  return [
    sqlStep({
      id: formatPath('source', 'publication', c.publication, 'drop-tables'),
      endpoint: 'source',
      action: '-',
      summary: `ALTER PUBLICATION ${readableName(c.publication)} DROP (${membersSummary(c.tables.length, c.schemas.length)})`,
      sql: statements(`ALTER PUBLICATION ${quoteIdent(c.publication)} DROP ${objectsSql(tables, c.schemas)}`),
      transactional: true,
      destructive: true,
      reasons: c.reasons,
      phase: Phase.publicationMembersDrop,
      provides: [Tag.publicationShrunk(c.publication), ...c.tables.map(Tag.unpublished)],
      postcondition:
        c.schemas.length === 0 ? post.publicationHasTables(c.publication, tables, false) : undefined,
    }),
  ];
}

/** After every subscription that uses it was dropped or stopped using it. */
export function dropPublicationSteps(c: DropPublication): DraftStep[] {
  return [
    sqlStep({
      id: formatPath('source', 'publication', c.name, 'drop'),
      endpoint: 'source',
      action: '-',
      summary: `DROP PUBLICATION ${readableName(c.name)}`,
      sql: statements(`DROP PUBLICATION ${quoteIdent(c.name)}`),
      transactional: true,
      destructive: true,
      reasons: c.reasons,
      phase: Phase.publicationDrop,
      needs: [Tag.publicationReleased(c.name)],
      provides: c.tables.map(Tag.unpublished),
      postcondition: post.publicationExists(c.name, false),
    }),
  ];
}
