import { describeSecretRef, type SecretRef } from '../model/secret-ref.js';
import { quoteLiteral } from '../sql/quote.js';
import { passwordForServer } from '../sql/scram-verifier.js';
import type { Sql } from './plan.js';

/**
 * The two ways a step's SQL becomes text: for people (renders, logs, the journal) with every secret
 * a placeholder, and for the server, with secrets resolved at the last moment. No secret ever
 * reaches `displaySql`.
 */

/** SQL for display: `<secret env:NAME>` for secrets, conninfo with the password as a placeholder. */
export function displaySql(sql: Sql): string {
  return sql
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('secretLiteral' in part) return placeholder(part.secretLiteral);
      return quoteLiteral(formatConninfo(part.conninfoLiteral, (ref) => placeholder(ref), false));
    })
    .join('');
}

/**
 * SQL to execute: a secret (a role's PASSWORD) becomes a string literal of its SCRAM verifier, a
 * conninfo one literal of libpq keywords.
 */
export function executableSql(sql: Sql, resolveSecret: (ref: SecretRef) => string): string {
  return sql
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('secretLiteral' in part) return quoteLiteral(passwordForServer(resolveSecret(part.secretLiteral)));
      return quoteLiteral(formatConninfo(part.conninfoLiteral, resolveSecret));
    })
    .join('');
}

/**
 * How many statements a step's SQL holds, as the planner writes them (each ends with `;`, one a
 * line): what sizes apply's transactions. An estimate by design: an identifier or a row filter
 * holding `;` and a line break counts one more, which only makes a transaction smaller.
 */
export function statementCount(sql: Sql): number {
  let count = 0;
  for (const part of sql) {
    if (typeof part !== 'string') continue;
    for (let i = part.indexOf(';\n'); i >= 0; i = part.indexOf(';\n', i + 2)) count++;
  }
  return count + 1;
}

/**
 * A libpq connection string, `key=value` separated by spaces. A value is single-quoted (with `'`
 * and `\` backslash-escaped inside) when libpq would otherwise misread it: empty, or holding
 * whitespace, a quote or a backslash.
 */
export function formatConninfo(
  conninfo: Readonly<Record<string, string | SecretRef>>,
  resolveSecret: (ref: SecretRef) => string,
  quoteSecrets = true,
): string {
  return Object.entries(conninfo)
    .map(([key, value]) => {
      if (!/^[a-z_]+$/.test(key)) throw new Error(`not a libpq connection keyword: ${JSON.stringify(key)}`);
      if (typeof value === 'string') return `${key}=${conninfoValue(value)}`;
      const secret = resolveSecret(value);
      return `${key}=${quoteSecrets ? conninfoValue(secret) : secret}`;
    })
    .join(' ');
}

function conninfoValue(value: string): string {
  if (value !== '' && !/[\s'\\]/.test(value)) return value;
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function placeholder(ref: SecretRef): string {
  return `<secret ${describeSecretRef(ref)}>`;
}
