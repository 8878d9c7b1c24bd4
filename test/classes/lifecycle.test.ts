import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { LIFECYCLE_CLASSES, Lifecycle } from '../../src/classes/lifecycle.js';
import type { ColumnTable } from '../../src/table/column-table.js';
import { syntheticFeatures, viaJSONString } from './helpers.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** numpy-style linear quantile, written independently of src/util/stats. */
function linearQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/**
 * Gaps (customers with ≥ 2 orders) are 10, 20, …, 110 (eleven values): median 60,
 * 80th percentile 90, 95th percentile 105.
 */
const table: ColumnTable = {
  customer_id: ['p', 'c', 'r', 'n', 'a', 't', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9'],
  recency_days: new Float64Array([NaN, 106, 95, 10, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  tenure_days: new Float64Array([
    NaN,
    200,
    300,
    60,
    61,
    NaN,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
    500,
  ]),
  mean_days_between_orders: new Float64Array([
    NaN,
    10,
    20,
    NaN,
    30,
    NaN,
    40,
    50,
    60,
    70,
    80,
    90,
    100,
    110,
    NaN,
  ]),
  has_transactions: new Float64Array([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
};

describe('Lifecycle', () => {
  it('derives thresholds from the inter-purchase gaps', () => {
    const model = new Lifecycle().fit(table);
    expect(model.state).toEqual({ newDays: 60, atRiskDays: 90, churnDays: 105, gapCustomers: 11 });
  });

  it('applies the rules in order', () => {
    const labels = new Lifecycle().fit(table).predict(table);
    // p: no purchases; c: 106 > 105; r: 95 > 90; n: tenure 60 ≤ 60; a: tenure 61; t: NaN tenure.
    expect(labels.slice(0, 6)).toEqual([
      'prospect',
      'churned',
      'at-risk',
      'new',
      'active',
      'active',
    ]);
    expect(labels.slice(6)).toEqual(new Array(9).fill('active'));
  });

  it('uses given thresholds and derives only the missing ones', () => {
    const model = new Lifecycle({ churnDays: 100, newDays: 5 }).fit(table);
    expect(model.state).toEqual({ newDays: 5, atRiskDays: 90, churnDays: 100, gapCustomers: 11 });
    expect(model.predict(table).slice(0, 5)).toEqual([
      'prospect',
      'churned',
      'at-risk',
      'active',
      'active',
    ]);
    const given = new Lifecycle({ newDays: 30, atRiskDays: 60, churnDays: 180 }).fit({
      recency_days: new Float64Array([200, 61, 5, 5]),
      tenure_days: new Float64Array([400, 400, 30, 31]),
      has_transactions: new Float64Array([1, 1, 1, 1]),
    });
    expect(given.state.gapCustomers).toBe(0);
    expect(
      given.predict({
        recency_days: new Float64Array([200, 61, 5, 5]),
        tenure_days: new Float64Array([400, 400, 30, 31]),
        has_transactions: new Float64Array([1, 1, 1, 1]),
      }),
    ).toEqual(['churned', 'at-risk', 'new', 'active']);
  });

  it('matches independently computed quantiles on 5,000 synthetic customers', () => {
    const features = syntheticFeatures(5000, 77);
    const model = new Lifecycle().fit(features);
    const gaps = Array.from(features.mean_days_between_orders as Float64Array).filter(
      (g) => !Number.isNaN(g),
    );
    expect(model.state.gapCustomers).toBe(gaps.length);
    expect(model.state.newDays).toBeCloseTo(linearQuantile(gaps, 0.5), 9);
    expect(model.state.atRiskDays).toBeCloseTo(linearQuantile(gaps, 0.8), 9);
    expect(model.state.churnDays).toBeCloseTo(linearQuantile(gaps, 0.95), 9);
    const labels = model.predict(features);
    const { newDays, atRiskDays, churnDays } = model.state;
    const recency = features.recency_days as Float64Array;
    const tenure = features.tenure_days as Float64Array;
    const has = features.has_transactions as Float64Array;
    labels.forEach((label, i) => {
      const expected =
        has[i] === 0
          ? 'prospect'
          : recency[i]! > churnDays
            ? 'churned'
            : recency[i]! > atRiskDays
              ? 'at-risk'
              : tenure[i]! <= newDays
                ? 'new'
                : 'active';
      expect(label).toBe(expected);
      expect(LIFECYCLE_CLASSES).toContain(label);
    });
    for (const stage of LIFECYCLE_CLASSES) expect(labels).toContain(stage);
  });

  it('round-trips through JSON with identical predictions', () => {
    const features = syntheticFeatures(500, 8);
    const model = new Lifecycle({ atRiskDays: 40 }).fit(features);
    const restored = Lifecycle.fromJSON(viaJSONString(model.toJSON()));
    expect(restored.params).toEqual(model.params);
    expect(restored.state).toEqual(model.state);
    expect(restored.predict(features)).toEqual(model.predict(features));
    expect(Lifecycle.fromJSON(JSON.stringify(model)).predict(features)).toEqual(
      model.predict(features),
    );
  });

  it('lists the classes in display order', () => {
    expect(new Lifecycle().classes).toEqual(['new', 'active', 'at-risk', 'churned', 'prospect']);
  });

  it('reports errors with typed codes', () => {
    const oneOrder: ColumnTable = {
      recency_days: new Float64Array([3, 4]),
      tenure_days: new Float64Array([3, 4]),
      mean_days_between_orders: new Float64Array([NaN, NaN]),
      has_transactions: new Float64Array([1, 1]),
    };
    expect(
      isCohortlabError(
        errorOf(() => new Lifecycle().fit(oneOrder)),
        'INVALID_INPUT',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new Lifecycle({ atRiskDays: 50, churnDays: 40 })),
        'INVALID_OPTION',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new Lifecycle({ churnDays: 50 }).fit(table)),
        'INVALID_OPTION',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new Lifecycle({ newDays: -1 })),
        'INVALID_OPTION',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new Lifecycle().predict(table)),
        'NOT_FITTED',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new Lifecycle({ tenure: 'age' }).fit(table).predict(table)),
        'UNKNOWN_FEATURE',
      ),
    ).toBe(true);
    const json = new Lifecycle().fit(table).toJSON();
    expect(
      isCohortlabError(
        errorOf(() => Lifecycle.fromJSON({ ...json, state: { newDays: 1 } })),
        'INVALID_MODEL',
      ),
    ).toBe(true);
  });
});
