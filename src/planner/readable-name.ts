import { quoteIdent } from '../sql/quote.js';

/** A name for one-line summaries: bare when PostgreSQL would not need quotes, else quoted. */
export function readableName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

/** `1 table`, `3 tables`. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
