import { parseQualifiedName } from '../sql/quote.js';

/** NAMEDATALEN - 1: PostgreSQL truncates longer names, so two long names could silently collide. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * C0 and C1 controls (a newline in a name would forge lines in a rendered plan) and the Unicode
 * bidirectional overrides and isolates (they reorder how a name reads in a review: "Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const INVISIBLE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Names that pass every check below, told at once: ASCII letters, digits, `_` and `$` (one byte
 * each), at most 63 of them; for a table key two such names around one dot.
 */
const PLAIN_IDENTIFIER = /^[A-Za-z0-9_$]{1,63}$/;
const PLAIN_TABLE_KEY = /^[A-Za-z0-9_$]{1,63}\.[A-Za-z0-9_$]{1,63}$/;

/**
 * What is wrong with `name` as a PostgreSQL identifier (a role, publication, schema, column ...),
 * as the "expected …, but got …" text, or undefined when it is fine. Names are taken exactly as
 * written and quoted when used, so any character but NUL and invisible controls is allowed.
 */
export function identifierProblem(name: string): string | undefined {
  if (PLAIN_IDENTIFIER.test(name)) return undefined;
  if (name === '') return 'expected a non-empty name, but got an empty string';
  if (name.includes('\0')) return 'expected a name without NUL characters, but got one';
  const control = INVISIBLE_CONTROL.exec(name)?.[0];
  if (control !== undefined) {
    const code = `U+${control.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `expected a name without control or text-direction characters (they garble plans and reviews), but got ${code} in ${JSON.stringify(shortened(name))}`;
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_IDENTIFIER_BYTES) {
    return `expected a name of at most ${MAX_IDENTIFIER_BYTES} bytes (UTF-8), but got ${bytes} bytes in "${shortened(name)}" (PostgreSQL would truncate it)`;
  }
  return undefined;
}

/** The same for a table key: `schema.table`, either part double-quoted where needed. */
export function qualifiedNameProblem(key: string): string | undefined {
  if (PLAIN_TABLE_KEY.test(key)) return undefined;
  const parsed = parseQualifiedName(key);
  if (!parsed) {
    return `expected a schema-qualified table name such as public.users or public."Customer Notes", but got "${shortened(key)}"`;
  }
  const schema = identifierProblem(parsed.schema);
  if (schema) return `in the schema part of "${shortened(key)}": ${schema}`;
  const table = identifierProblem(parsed.name);
  return table ? `in the table part of "${shortened(key)}": ${table}` : undefined;
}

/** A name short enough for one line of an error message (a file may hold a megabyte-long one). */
export function shortened(name: string, max = 80): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, max).join('')}…`;
}
