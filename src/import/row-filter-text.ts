/**
 * A row filter as PostgreSQL deparses it (`(kind <> 'debug'::text)`) without the parentheses that
 * wrap the whole expression, as people write it after WHERE. Parentheses inside string literals
 * and quoted identifiers do not count. The planner compares filters ignoring parentheses, so the
 * shorter text plans the same.
 */
export function rowFilterText(deparsed: string): string {
  const text = deparsed.trim();
  if (!text.startsWith('(') || closingParenthesis(text) !== text.length - 1) return text;
  return text.slice(1, -1).trim();
}

/** The index of the parenthesis that closes the one at 0, or -1. */
function closingParenthesis(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) {
        if (text[i + 1] === quote) i++;
        else quote = undefined;
      }
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
