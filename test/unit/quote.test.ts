import { describe, expect, it } from 'vitest';
import {
  formatQualifiedName,
  parseQualifiedName,
  quoteIdent,
  quoteLiteral,
  quoteQualified,
} from '../../src/sql/quote.js';

describe('quoteIdent', () => {
  it.each([
    ['users', '"users"'],
    ['Order', '"Order"'],
    ['select', '"select"'],
    ['with space', '"with space"'],
    ['we"ird', '"we""ird"'],
    ['ünïcødé', '"ünïcødé"'],
    ['semi;colon', '"semi;colon"'],
  ])('%s -> %s', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });
  it('refuses NUL', () => expect(() => quoteIdent('a\0b')).toThrow(/NUL/));
});

describe('quoteLiteral', () => {
  it('doubles single quotes', () => expect(quoteLiteral("it's")).toBe("'it''s'"));
  it('uses E-strings for backslashes', () => expect(quoteLiteral("a\\b'c")).toBe("E'a\\\\b''c'"));
});

describe('qualified names', () => {
  it.each([
    ['public.users', { schema: 'public', name: 'users' }],
    ['"My Schema"."Order ""x"""', { schema: 'My Schema', name: 'Order "x"' }],
    ['"a.b".c', { schema: 'a.b', name: 'c' }],
    ['public."select"', { schema: 'public', name: 'select' }],
  ])('parses %s', (text, q) => {
    expect(parseQualifiedName(text)).toEqual(q);
    expect(parseQualifiedName(formatQualifiedName(q))).toEqual(q);
  });
  it.each(['users', 'a.b.c', '.x', 'x.', '"unterminated.x', 'a."b"c', ''])('rejects %j', (text) => {
    expect(parseQualifiedName(text)).toBeUndefined();
  });
  it('quotes both parts', () =>
    expect(quoteQualified({ schema: 'public', name: 'we"ird' })).toBe('"public"."we""ird"'));
});
