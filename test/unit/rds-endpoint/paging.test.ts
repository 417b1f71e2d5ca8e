import { describe, expect, it } from 'vitest';
import { QueryForm } from '../../../src/local/rds-endpoint/form.js';
import { paginate } from '../../../src/local/rds-endpoint/paging.js';

const items = Array.from({ length: 45 }, (_, i) => i);

describe('paginate', () => {
  it('returns at most 100 by default with no marker when everything fits', () => {
    const page = paginate(items, QueryForm.of({}));
    expect(page.items).toHaveLength(45);
    expect(page.marker).toBeUndefined();
  });

  it('walks the list with MaxRecords and Marker without gaps or repeats', () => {
    const seen: number[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = paginate(items, QueryForm.of({ MaxRecords: '20', ...(marker ? { Marker: marker } : {}) }));
      seen.push(...page.items);
      marker = page.marker;
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual(items);
  });

  it('refuses MaxRecords outside 20..100', () => {
    for (const n of ['19', '101', '0']) {
      expect(() => paginate(items, QueryForm.of({ MaxRecords: n }))).toThrow(
        expect.objectContaining({
          code: 'InvalidParameterValue',
          message: expect.stringMatching(/between 20 and 100/),
        }),
      );
    }
  });

  it('refuses a marker it did not issue', () => {
    expect(() => paginate(items, QueryForm.of({ Marker: 'bogus' }))).toThrow(/marker is not valid/);
  });
});
