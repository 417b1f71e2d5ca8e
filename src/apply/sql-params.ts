/**
 * Renumbers the `$n` placeholders of a statement by `offset`, so several parameterised queries can be
 * sent as one (one round trip for a batch's postconditions). Skips string literals, quoted
 * identifiers, dollar-quoted bodies and comments.
 */
export function shiftParams(sql: string, offset: number): string {
  if (offset === 0) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const skipTo = skipEnd(sql, i);
    if (skipTo > i) {
      out += sql.slice(i, skipTo);
      i = skipTo;
      continue;
    }
    if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const digits = /^\d+/.exec(sql.slice(i + 1))?.[0];
      if (digits) {
        out += `$${Number(digits) + offset}`;
        i += 1 + digits.length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** End of the literal, identifier or comment starting at i, or i when none starts there. */
function skipEnd(sql: string, i: number): number {
  const rest = sql.slice(i);
  if (rest.startsWith('--')) {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl;
  }
  if (rest.startsWith('/*')) {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  const c = sql[i];
  if (c === "'" || c === '"') {
    // E'' literals escape with backslashes; standard ones and identifiers only by doubling.
    const backslashes = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
    let j = i + 1;
    while (j < sql.length) {
      if (backslashes && sql[j] === '\\') j += 2;
      else if (sql[j] === c && sql[j + 1] === c) j += 2;
      else if (sql[j] === c) return j + 1;
      else j++;
    }
    return sql.length;
  }
  if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
    const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(rest)?.[0];
    if (tag) {
      const end = sql.indexOf(tag, i + tag.length);
      return end < 0 ? sql.length : end + tag.length;
    }
  }
  return i;
}
