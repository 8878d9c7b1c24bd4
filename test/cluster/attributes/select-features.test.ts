/** Feature selection with globs and the default transforms. */
import { describe, expect, it } from 'vitest';
import {
  chooseTransforms,
  resolveFeatures,
  skewness,
} from '../../../src/cluster/attributes/index.js';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';
import type { ColumnTable } from '../../../src/table/column-table.js';

const table: ColumnTable = {
  customer_id: ['a', 'b', 'c', 'd', 'e'],
  recency_days: Float64Array.of(3, 10, 20, 40, 30),
  monetary: Float64Array.of(0, 0, 0, 0, 10),
  share_food: Float64Array.of(0.1, 0.2, 0.3, 0.2, 0.1),
  share_toys: Float64Array.of(0.5, 0.4, 0.3, 0.2, 0.1),
  balance: Float64Array.of(-5, 0, 0, 0, 100),
  Country: ['DE', 'FR', 'DE', 'UK', 'DE'],
};

describe('resolveFeatures', () => {
  it('expands globs in pattern order, each column once', () => {
    expect(resolveFeatures(table, ['monetary', 'share_*', 'Country', 'share_food'])).toEqual([
      'monetary',
      'share_food',
      'share_toys',
      'Country',
    ]);
    expect(resolveFeatures(table, ['?ountry'])).toEqual(['Country']);
  });

  it('names a pattern that matches nothing', () => {
    try {
      resolveFeatures(table, ['age*']);
      expect.unreachable();
    } catch (e) {
      expect((e as CohortlabError).code).toBe('UNKNOWN_FEATURE');
      expect((e as CohortlabError).message).toMatch(
        /"age\*" matches no column; columns: customer_id/,
      );
    }
  });
});

describe('chooseTransforms', () => {
  it('skewness by hand: 0 0 0 0 10 has mean 2, m2 16, m3 96, g1 = 96 / 64 = 1.5', () => {
    expect(skewness([0, 0, 0, 0, 10])).toBe(1.5);
    expect(skewness([1, 2, 3])).toBe(0);
  });

  it('logs skewed non-negative numbers, keeps the rest, text is categorical', () => {
    const chosen = chooseTransforms(table, ['recency_days', 'monetary', 'balance', 'Country']);
    expect(chosen.map((f) => [f.feature, f.transform])).toEqual([
      ['recency_days', 'none'],
      ['monetary', 'log'],
      ['balance', 'none'],
      ['Country', 'categorical'],
    ]);
    expect(chosen[2]!.reason).toMatch(/has negatives/);
  });

  it('honours overrides and refuses impossible ones', () => {
    const chosen = chooseTransforms(table, ['monetary', 'recency_days'], {
      monetary: 'none',
      recency_days: 'categorical',
    });
    expect(chosen.map((f) => f.transform)).toEqual(['none', 'categorical']);
    expect(() => chooseTransforms(table, ['balance'], { balance: 'log' })).toThrow(/below 0/);
    expect(() => chooseTransforms(table, ['Country'], { Country: 'log' })).toThrow(/text column/);
    expect(() => chooseTransforms(table, ['Country'], { monetary: 'log' })).toThrow(
      /not a feature/,
    );
  });
});
