import { describe, expect, it } from 'vitest';
import { parseType, typeCompatibility } from '../../../src/lint/type-compatibility.js';

describe('typeCompatibility', () => {
  it.each([
    ['bigint', 'int8', 'same'],
    ['character varying(20)', 'varchar(20)', 'same'],
    ['timestamp with time zone', 'timestamptz', 'same'],
    ['numeric(12,2)', 'decimal(12, 2)', 'same'],
    ['integer', 'bigint', 'lossless'],
    ['bigint', 'integer', 'lossy'],
    ['smallint', 'numeric(5,0)', 'lossless'],
    ['bigint', 'numeric(10,0)', 'lossy'],
    ['numeric(10,2)', 'numeric', 'lossless'],
    ['numeric(12,2)', 'numeric(10,2)', 'lossy'],
    ['numeric(12,2)', 'numeric(14,3)', 'lossless'],
    ['numeric', 'double precision', 'lossy'],
    ['character varying(20)', 'text', 'lossless'],
    ['character varying(20)', 'character varying(40)', 'lossless'],
    ['text', 'character varying(40)', 'lossy'],
    ['bigint', 'text', 'lossless'],
    ['timestamp without time zone', 'timestamp with time zone', 'lossy'],
    ['date', 'timestamp with time zone', 'lossless'],
    ['json', 'jsonb', 'lossless'],
    ['bigint', 'timestamp with time zone', 'incompatible'],
    ['text', 'uuid', 'incompatible'],
    ['integer[]', 'integer', 'incompatible'],
    ['integer[]', 'text', 'lossless'],
    ['integer[]', 'bigint[]', 'lossless'],
  ] as const)('%s → %s is %s', (from, to, expected) => {
    expect(typeCompatibility(from, to)).toBe(expected);
  });

  it('needs the same type with binary = true', () => {
    expect(typeCompatibility('integer', 'bigint', true)).toBe('incompatible');
    expect(typeCompatibility('int4', 'integer', true)).toBe('same');
  });

  it('parses modifiers inside multi-word names and arrays', () => {
    expect(parseType('timestamp(3) with time zone[]')).toEqual({
      name: 'timestamp with time zone',
      modifiers: [3],
      array: true,
    });
  });
});
