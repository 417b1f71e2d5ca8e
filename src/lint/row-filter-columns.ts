/**
 * The columns of `columns` that a row filter expression refers to, in the order of `columns`.
 * A light tokenizer, not a parser: string literals are skipped, quoted identifiers are taken as
 * written, unquoted words are folded to lower case as PostgreSQL folds them, and words followed by
 * `(` (function calls) or after `::` (type names) are not columns. It reads user-written filters
 * (`total > 100`) and PostgreSQL's deparsed ones (`(total > (100)::numeric)`) alike.
 */
export function rowFilterColumns(expression: string, columns: readonly string[]): string[] {
  const referenced = new Set<string>();
  let i = 0;
  let afterCast = false;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === "'") {
      i = closing(expression, i, "'");
      afterCast = false;
      continue;
    }
    if (c === '"') {
      const end = closing(expression, i, '"');
      const name = expression.slice(i + 1, end - 1).replaceAll('""', '"');
      if (!afterCast && !callFollows(expression, end)) referenced.add(name);
      i = end;
      afterCast = false;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(expression.slice(i));
    if (word !== null) {
      const end = i + word[0].length;
      if (!afterCast && !callFollows(expression, end)) referenced.add(word[0].toLowerCase());
      i = end;
      afterCast = false;
      continue;
    }
    if (c === ':' && expression[i + 1] === ':') {
      afterCast = true;
      i += 2;
      continue;
    }
    if (!/\s/.test(c)) afterCast = false;
    i++;
  }
  return columns.filter((column) => referenced.has(column));
}

function callFollows(text: string, index: number): boolean {
  return /^\s*\(/.test(text.slice(index));
}

/** The index after the quote closing the one at `start` (a doubled quote is an escaped one). */
function closing(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] !== quote) i++;
    else if (text[i + 1] === quote) i += 2;
    else return i + 1;
  }
  return text.length;
}
