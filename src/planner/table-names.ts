import { ReplctlError } from '../errors.js';
import { formatQualifiedName, parseQualifiedName, type QualifiedName, quoteQualified } from '../sql/quote.js';

/**
 * Table keys in changesets may quote parts that need no quotes (`public."users"`); live state uses
 * the canonical spelling. Comparisons go through the canonical form.
 */
export function canonicalTable(key: string, path: string): string {
  return formatQualifiedName(parseTable(key, path));
}

/** The canonical spelling, or undefined for a key that is not `schema.table`. */
export function canonicalTableOrUndefined(key: string): string | undefined {
  const q = parseQualifiedName(key);
  return q === undefined ? undefined : formatQualifiedName(q);
}

export function parseTable(key: string, path = key): QualifiedName {
  const q = parseQualifiedName(key);
  if (q === undefined) {
    throw new ReplctlError(`${path}: expected a table name of the form schema.table, but got: ${key}`);
  }
  return q;
}

/** `"schema"."table"` for SQL. */
export function sqlTable(key: string): string {
  return quoteQualified(parseTable(key));
}

export function tableSchema(key: string): string {
  return parseTable(key).schema;
}
