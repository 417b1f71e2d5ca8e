/**
 * Row filters are written by users (`total > 100`) but read back as PostgreSQL deparses them
 * (`(total > (100)::numeric)`). A byte comparison would show a change on every plan, so both sides
 * are reduced before comparing: whitespace, parentheses and `::type` casts are dropped and letters
 * are lower-cased outside string literals and quoted identifiers ("x" is unquoted when it need not
 * be quoted). The price: a change that only regroups parentheses is not seen; write the filter as
 * pg_get_expr prints it when that matters.
 */
export function sameRowFilter(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return reduceRowFilter(a) === reduceRowFilter(b);
}

export function reduceRowFilter(expression: string): string {
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === "'") {
      const end = closingQuote(expression, i, "'");
      out += expression.slice(i, end);
      i = end;
    } else if (c === '"') {
      const end = closingQuote(expression, i, '"');
      const name = expression.slice(i + 1, end - 1).replaceAll('""', '"');
      out += /^[a-z_][a-z0-9_$]*$/.test(name) ? name : expression.slice(i, end);
      i = end;
    } else if (c === ':' && expression[i + 1] === ':') {
      i = skipCast(expression, i + 2);
    } else {
      if (!/[\s()]/.test(c)) out += c.toLowerCase();
      i++;
    }
  }
  return out;
}

/** The index after the quote that closes the one at `start` (a doubled quote is an escaped one). */
function closingQuote(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

/** Skips a type name after `::`: words, spaces between them, a typmod and array brackets. */
function skipCast(text: string, start: number): number {
  let i = start;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  for (;;) {
    const word = /^(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$.]*)/.exec(text.slice(i));
    if (word === null) break;
    i += word[0].length;
    const rest = /^(?:\s*\(\s*[\d\s,]*\))?(?:\s*\[\s*\])*/.exec(text.slice(i));
    i += rest?.[0].length ?? 0;
    // Multi-word types: `character varying`, `timestamp with time zone`.
    const next = /^\s+(?=varying|with|without|time|zone|precision)/i.exec(text.slice(i));
    if (next === null) break;
    i += next[0].length;
  }
  return i;
}
