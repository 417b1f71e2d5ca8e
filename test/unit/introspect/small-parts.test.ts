import { describe, expect, it } from 'vitest';
import { countingQueryable, type QueryTally } from '../../../src/introspect/counting-queryable.js';
import {
  FINGERPRINT_COMMENT_PREFIX,
  fingerprintComment,
  parseFingerprintComment,
} from '../../../src/introspect/fingerprint-comment.js';
import { bool, num, oneOf, optionalText, textArray } from '../../../src/introspect/rows.js';
import { FakeDb } from './fake-db.js';

describe('fingerprint comments', () => {
  it('round-trips', () => {
    expect(parseFingerprintComment(fingerprintComment('scrypt$abc$def'))).toBe('scrypt$abc$def');
    expect(fingerprintComment('x').startsWith(FINGERPRINT_COMMENT_PREFIX)).toBe(true);
  });

  it.each([null, undefined, '', 'replctl:', 'owned by the analytics team', ' replctl:x'])(
    'finds no fingerprint in %j',
    (comment) => {
      expect(parseFingerprintComment(comment)).toBeUndefined();
    },
  );
});

describe('countingQueryable', () => {
  it('counts every statement of every session sharing a tally, failed ones too', async () => {
    const tally: QueryTally = { count: 0 };
    const a = countingQueryable(new FakeDb(() => []), tally);
    const b = countingQueryable(new FakeDb(() => new Error('boom')), tally);
    await a.query('SELECT 1');
    await a.query('SELECT $1', [2]);
    await expect(b.query('SELECT 3')).rejects.toThrow('boom');
    expect(tally.count).toBe(3);
  });
});

describe('row readers', () => {
  it('read what the casts promise', () => {
    const row = { n: '42', f: 1.5, b: true, t: null, a: ['x', 'y'], k: 'p' };
    expect(num(row, 'n')).toBe(42);
    expect(num(row, 'f')).toBe(1.5);
    expect(bool(row, 'b')).toBe(true);
    expect(optionalText(row, 't')).toBeNull();
    expect(textArray(row, 'a')).toEqual(['x', 'y']);
    expect(oneOf(row, 'k', ['r', 'p'] as const)).toBe('p');
  });

  it('say which column held what instead', () => {
    expect(() => num({ n: 'NaN' }, 'n')).toThrow('Expected column n to be a number, but got: "NaN"');
    expect(() => bool({ b: 't' }, 'b')).toThrow('Expected column b to be a boolean, but got: "t"');
    expect(() => textArray({ a: '{x,y}' }, 'a')).toThrow(
      'Expected column a to be a text[], but got: "{x,y}"',
    );
    expect(() => oneOf({ k: 'v' }, 'k', ['r', 'p'] as const)).toThrow(
      'Expected column k to be r | p, but got: "v"',
    );
  });
});
