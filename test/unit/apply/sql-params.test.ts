import { describe, expect, it } from 'vitest';
import { shiftParams } from '../../../src/apply/sql-params.js';

describe('shiftParams', () => {
  it.each([
    ['SELECT $1, $2', 3, 'SELECT $4, $5'],
    ['SELECT to_regclass($1) IS NOT NULL', 10, 'SELECT to_regclass($11) IS NOT NULL'],
    ["SELECT '$1', $1", 1, "SELECT '$1', $2"],
    ["SELECT 'it''s $1', $1", 1, "SELECT 'it''s $1', $2"],
    [`SELECT E'\\'$1', $1`, 1, `SELECT E'\\'$1', $2`],
    ['SELECT "col$1", $1', 1, 'SELECT "col$1", $2'],
    ['SELECT $$ $1 $$, $tag$ $1 $tag$, $1', 1, 'SELECT $$ $1 $$, $tag$ $1 $tag$, $2'],
    ['SELECT 1 -- $1\n, $1', 1, 'SELECT 1 -- $1\n, $2'],
    ['SELECT /* $1 */ $1', 1, 'SELECT /* $1 */ $2'],
    ['SELECT a$1 FROM t WHERE x = $1', 2, 'SELECT a$1 FROM t WHERE x = $3'],
    ['SELECT $1', 0, 'SELECT $1'],
  ])('%s shifted by %i', (sql, offset, expected) => {
    expect(shiftParams(sql, offset)).toBe(expected);
  });
});
