import fc from 'fast-check';
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
  it('reads an unquoted name as its two dot-separated parts, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', '.', ' ', '_', 'é', '"') }), (text) => {
        // Quoted spellings go the long way: the round trip through formatQualifiedName checks them.
        const q = parseQualifiedName(text);
        if (q !== undefined) expect(parseQualifiedName(formatQualifiedName(q))).toEqual(q);
        if (text.includes('"')) return;
        const parts = text.split('.');
        const valid = parts.length === 2 && parts.every((p) => p !== '');
        expect(q).toEqual(valid ? { schema: parts[0], name: parts[1] } : undefined);
      }),
    );
  });
  it('quotes both parts', () =>
    expect(quoteQualified({ schema: 'public', name: 'we"ird' })).toBe('"public"."we""ird"'));
});
