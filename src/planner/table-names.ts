import { ReplctlError } from '../errors.js';
import { formatQualifiedName, parseQualifiedName, type QualifiedName, quoteQualified } from '../sql/quote.js';

/**
 * Table keys in changesets may quote parts that need no quotes (`public."users"`); live state uses
 * the canonical spelling. Comparisons go through the canonical form. `path` (of the key, for the
 * error) is only computed on failure: this runs once per table.
 */
export function canonicalTable(key: string, path: () => string): string {
  const canonical = canonicalTableOrUndefined(key);
  if (canonical === undefined) throw notATable(key, path());
  return canonical;
}

/** The canonical spelling, or undefined for a key that is not `schema.table`. */
export function canonicalTableOrUndefined(key: string): string | undefined {
  // Asked for every table key of every changeset section: the common unquoted form is checked
  // without taking it apart (parseQualifiedName's rule: one dot between two non-empty parts).
  if (!key.includes('"')) {
    const dot = key.indexOf('.');
    return dot > 0 && dot < key.length - 1 && !key.includes('.', dot + 1) ? key : undefined;
  }
  const q = parseQualifiedName(key);
  if (q === undefined) return undefined;
  return formatQualifiedName(q);
}

export function parseTable(key: string, path = key): QualifiedName {
  const q = parseQualifiedName(key);
  if (q === undefined) throw notATable(key, path);
  return q;
}

function notATable(key: string, path: string): ReplctlError {
  return new ReplctlError(`${path}: expected a table name of the form schema.table, but got: ${key}`);
}

/**
 * `"schema"."table"` for SQL. Remembered per key: a plan names each of 10,000 tables in several
 * steps (CREATE TABLE, its postcondition, the publication, the grant). Bounded, as a long-lived
 * process may plan many states.
 */
export function sqlTable(key: string): string {
  let sql = sqlTables.get(key);
  if (sql === undefined) {
    sql = quoteQualified(parseTable(key));
    if (sqlTables.size >= MAX_SQL_TABLES) sqlTables.clear();
    sqlTables.set(key, sql);
  }
  return sql;
}

const sqlTables = new Map<string, string>();
const MAX_SQL_TABLES = 100_000;

export function tableSchema(key: string): string {
  return parseTable(key).schema;
}
