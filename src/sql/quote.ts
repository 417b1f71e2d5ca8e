/**
 * The only places SQL text is made from names and values. Every identifier goes through
 * `quoteIdent` (libpq's PQescapeIdentifier rule: wrap in double quotes, double embedded ones).
 * Values go as bind parameters where the statement allows; where it does not (DDL such as
 * CREATE ROLE ... PASSWORD or CREATE SUBSCRIPTION ... CONNECTION), `quoteLiteral`.
 */

export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('identifier contains a NUL byte');
  // replaceAll copies even when there is nothing to replace; names rarely hold a quote.
  return `"${name.includes('"') ? name.replaceAll('"', '""') : name}"`;
}

/**
 * A string constant. Uses the E'' form only when a backslash is present, so the result is correct
 * whatever `standard_conforming_strings` says.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('string literal contains a NUL byte');
  const body = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}

/** A schema-qualified name as written in changesets: `schema.table`. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

export function quoteQualified(q: QualifiedName): string {
  return `${quoteIdent(q.schema)}.${quoteIdent(q.name)}`;
}

/**
 * Parses the changeset spelling of a table: `schema.table`, where either part may be double-quoted
 * to hold dots, quotes or anything else (`"my.schema"."Order ""x"""`). Unquoted parts are taken
 * as written (no case folding: changesets name objects exactly as the catalog spells them).
 * Returns undefined when the text is not of that form.
 */
export function parseQualifiedName(text: string): QualifiedName | undefined {
  // The common spelling, `schema.table` without quotes: one dot between two non-empty parts.
  if (!text.includes('"')) {
    const dot = text.indexOf('.');
    if (dot <= 0 || dot === text.length - 1 || text.includes('.', dot + 1)) return undefined;
    return { schema: text.slice(0, dot), name: text.slice(dot + 1) };
  }
  const parts: string[] = [];
  let i = 0;
  while (i <= text.length) {
    let part = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== '.' && text[i] !== '"') part += text[i++];
    }
    if (part === '') return undefined;
    parts.push(part);
    if (i === text.length) break;
    if (text[i] !== '.') return undefined;
    i++;
  }
  if (parts.length !== 2) return undefined;
  return { schema: parts[0]!, name: parts[1]! };
}

/** The canonical changeset spelling of a qualified name (quotes only where needed). */
export function formatQualifiedName(q: QualifiedName): string {
  const part = (s: string) => (/^[^".]+$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`);
  return `${part(q.schema)}.${part(q.name)}`;
}
