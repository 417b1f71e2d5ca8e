import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTableOrUndefined } from '../../../src/planner/table-names.js';
import { formatQualifiedName, parseQualifiedName } from '../../../src/sql/quote.js';

describe('canonicalTableOrUndefined', () => {
  it('is the parsed name formatted again, with its fast path for unquoted keys', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', '.', '"', ' ', '_'), maxLength: 10 });
    fc.assert(
      fc.property(text, (key) => {
        const q = parseQualifiedName(key);
        expect(canonicalTableOrUndefined(key)).toBe(q === undefined ? undefined : formatQualifiedName(q));
      }),
      { numRuns: 2000 },
    );
  });
});
