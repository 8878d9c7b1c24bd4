import { describe, expect, it } from 'vitest';
import { ValueTiers } from '../../src/classes/value-tiers.js';
import { predictedValueTiers, segmentValueSummary } from '../../src/pipeline/value-summary.js';

// Six customers by hand: two without a predicted value (NaN), one unclustered (null).
const cohorts = {
  customer_id: ['a', 'b', 'c', 'd', 'e', 'f'],
  monetary: Float64Array.of(100, 50, 30, 10, 0, 10),
  clv_12: Float64Array.of(40, 80, 10, NaN, NaN, 70),
  expected_purchases_52w: Float64Array.of(2, 4, 1, NaN, NaN, 3),
  value_tier: ['A', 'B', 'B', 'C', 'C', 'C'],
};
const columns = { clv: 'clv_12', expectedPurchases: 'expected_purchases_52w' };

describe('segmentValueSummary', () => {
  it('sums customers, revenue, value and purchases per segment, with shares of the totals', () => {
    const rows = segmentValueSummary(cohorts, ['x', 'y', 'x', 'y', null, 'y'], columns, [
      'y',
      'x',
      'z',
    ]);
    expect(rows.map((r) => r.segment)).toEqual(['y', 'x', 'z', '(none)']);
    const [y, x, z, none] = rows;
    expect(y).toEqual({
      segment: 'y',
      customers: 3,
      revenue: 70,
      revenueShare: 70 / 200,
      predictedValue: 150,
      predictedShare: 150 / 200,
      expectedPurchases: 7,
      meanValue: 75,
    });
    expect(x!.revenue).toBe(130);
    expect(x!.predictedValue).toBe(50);
    expect(x!.meanValue).toBe(25);
    expect(z!.customers).toBe(0);
    expect(z!.meanValue).toBeNaN();
    expect(none!.customers).toBe(1);
    expect(none!.predictedValue).toBe(0);
    expect(rows.reduce((s, r) => s + r.predictedShare, 0)).toBeCloseTo(1, 15);
  });

  it('refuses labels of another length', () => {
    expect(() => segmentValueSummary(cohorts, ['x'], columns)).toThrow(/1 for 6 customers/);
  });
});

describe('predictedValueTiers', () => {
  it('cuts the predicted value like the past tiers and counts the moves', () => {
    // Top 25 % of customers A, next 25 % B: of the four with a value, 1 A, 1 B, 2 C.
    const past = new ValueTiers({ cuts: [0.25, 0.5] }).fit(cohorts);
    const result = predictedValueTiers(cohorts, past, 'clv_12');
    expect(result.customerId).toEqual(['a', 'b', 'c', 'f']);
    expect(result.past).toEqual(['A', 'B', 'B', 'C']);
    expect(result.predicted).toEqual(['C', 'A', 'C', 'B']);
    expect(result.migration.rows).toEqual(['A', 'B', 'C']);
    expect(result.migration.counts).toEqual([
      [0, 0, 1],
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(result.migration.rates?.upgraded).toBe(2);
    expect(result.migration.rates?.downgraded).toBe(2);
  });
});
