/**
 * Row filters (`where`) and column types (`type`) are the only SQL that changesets hold as text:
 * the planner writes them into statements as they are (`... WHERE (<filter>)`, `"col" <type>`).
 * These checks keep each one a single fragment that cannot end its statement or start another:
 * a `;`, a comment or an unbalanced parenthesis would let a changeset run any SQL on the source
 * or target while the plan shows a row filter.
 */

import { shortened } from './identifiers.js';

/**
 * What is wrong with a row filter, or undefined. Quoted names and string constants may hold
 * anything but a backslash (E'' and standard strings end at different quotes when one is there).
 */
export function rowFilterProblem(filter: string): string | undefined {
  const expected = 'expected a row filter that is one SQL expression';
  let depth = 0;
  let i = 0;
  while (i < filter.length) {
    const c = filter[i]!;
    if (c === "'" || c === '"') {
      const end = closingQuote(filter, i);
      if (end === undefined)
        return `${expected}, but got an unterminated ${c === "'" ? 'string' : 'quoted name'}`;
      if (c === "'" && filter.slice(i, end).includes('\\'))
        return `${expected}, but got a backslash in a string constant (write the character itself)`;
      i = end;
      continue;
    }
    // A name or keyword, read whole: a `$` inside one (`price$`) belongs to it.
    if (IDENTIFIER_START.test(c)) {
      i++;
      while (i < filter.length && IDENTIFIER_PART.test(filter[i]!)) i++;
      continue;
    }
    if (c === ';') return `${expected}, but got ";" (a second statement)`;
    if (c === '\\') return `${expected}, but got a backslash`;
    if (filter.startsWith('--', i) || filter.startsWith('/*', i)) return `${expected}, but got a comment`;
    // Anywhere else `$` starts a parameter or a dollar-quoted string, whose tag may be any letter
    // (PostgreSQL's scanner takes non-ASCII ones too) and whose body this check could not follow.
    if (c === '$') {
      return `${expected}, but got "$" (a parameter or dollar-quoted string; write text as a '...' constant)`;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return `${expected}, but got a ")" that closes more than it opened`;
    i++;
  }
  return depth === 0 ? undefined : `${expected}, but got ${depth} unclosed "("`;
}

/** PostgreSQL's scanner: an identifier starts with a letter, `_` or any non-ASCII character. */
const IDENTIFIER_START = /^[A-Za-z_\u0080-\u{10FFFF}]$/u;
const IDENTIFIER_PART = /^[A-Za-z0-9_$\u0080-\u{10FFFF}]$/u;

/**
 * A type name as format_type prints it: a (qualified) name, then only the words SQL's multi-word
 * types use (`character varying`, `double precision`, `timestamp(3) with time zone`, `interval day
 * to second`), `(12,2)` and `[]`. Any other word (DEFAULT, REFERENCES, GENERATED, COLLATE) would
 * put a clause into CREATE TABLE or ADD COLUMN that the plan shows as a type.
 */
const TYPE_NAME =
  /^(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*))?(?:\s+(?:varying|precision|with|without|time|zone|year|month|day|hour|minute|second|to)(?![A-Za-z0-9_$])|\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))*(?:\s*\[\s*\d*\s*\])*$/i;

/** What is wrong with a column type, or undefined. */
export function columnTypeProblem(type: string): string | undefined {
  if (TYPE_NAME.test(type.trim())) return undefined;
  return `expected a type name such as bigint, numeric(12,2), timestamp with time zone or text[], but got "${shortened(type)}"`;
}

/** The index after the quote that closes the one at `start` (doubled quotes are escaped ones). */
function closingQuote(text: string, start: number): number | undefined {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] !== quote) return i + 1;
      i += 2;
    } else i++;
  }
  return undefined;
}

/**
 * What is wrong with a setting or option value given as text, or undefined. The value is a quoted
 * constant, but a line break or other control character in it would reach postgresql.auto.conf
 * (ALTER SYSTEM) or a plan's one-line summary as it is.
 */
export function settingTextProblem(value: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  const control = /[\u0000-\u001f\u007f]/.exec(value)?.[0];
  if (control === undefined) return undefined;
  const code = `U+${control.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `expected a setting value on one line without control characters, but got ${code}`;
}
