import { parseQualifiedName } from '../sql/quote.js';

/** NAMEDATALEN - 1: PostgreSQL truncates longer names, so two long names could silently collide. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * What is wrong with `name` as a PostgreSQL identifier (a role, publication, schema, column ...),
 * as the "expected …, but got …" text, or undefined when it is fine. Names are taken exactly as
 * written and quoted when used, so any character but NUL is allowed.
 */
export function identifierProblem(name: string): string | undefined {
  if (name === '') return 'expected a non-empty name, but got an empty string';
  if (name.includes('\0')) return 'expected a name without NUL characters, but got one';
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_IDENTIFIER_BYTES) {
    return `expected a name of at most ${MAX_IDENTIFIER_BYTES} bytes (UTF-8), but got ${bytes} bytes in "${name}" (PostgreSQL would truncate it)`;
  }
  return undefined;
}

/** The same for a table key: `schema.table`, either part double-quoted where needed. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parsed = parseQualifiedName(key);
  if (!parsed) {
    return `expected a schema-qualified table name such as public.users or public."Customer Notes", but got "${key}"`;
  }
  const schema = identifierProblem(parsed.schema);
  if (schema) return `in the schema part of "${key}": ${schema}`;
  const table = identifierProblem(parsed.name);
  return table ? `in the table part of "${key}": ${table}` : undefined;
}
