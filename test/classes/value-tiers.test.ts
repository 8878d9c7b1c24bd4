import { describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { ValueTiers } from '../../src/classes/value-tiers.js';
import type { ColumnTable } from '../../src/table/column-table.js';
import { countLabels, seededRandom, syntheticFeatures, viaJSONString } from './helpers.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** The customer-share rule written out: count strictly greater, compare with c·n. */
function customersRule(
  values: readonly number[],
  x: number,
  cuts: readonly number[],
  labels: string[],
): string {
  const greater = values.filter((v) => v > x).length;
  const k = cuts.findIndex((c) => greater < Math.round(c * values.length * 1e9) / 1e9);
  return k === -1 ? labels[cuts.length]! : labels[k]!;
}

/** The revenue rule written out: sum of strictly greater values, compare with c·total. */
function revenueRule(
  values: readonly number[],
  x: number,
  cuts: readonly number[],
  labels: string[],
): string {
  let above = 0;
  let total = 0;
  for (const v of values) {
    total += v;
    if (v > x) above += v;
  }
  const k = cuts.findIndex((c) => above < c * total);
  return k === -1 ? labels[cuts.length]! : labels[k]!;
}

const table = (values: number[]): ColumnTable => ({ monetary: new Float64Array(values) });

describe('ValueTiers by customers', () => {
  it('splits 20 distinct values 1 / 3 / 16', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    const tiers = new ValueTiers().fit(table(values));
    // A iff count(greater) < 1, B iff < 4.
    expect(tiers.state.thresholds).toEqual([20, 17]);
    expect(tiers.predict(table(values))).toEqual(['A', 'B', 'B', 'B', ...new Array(16).fill('C')]);
    expect(tiers.classes).toEqual(['A', 'B', 'C', 'no purchases']);
  });

  it('gives a tie at a boundary to the higher tier in full', () => {
    // Twenty customers; five share the second-highest value: they all become B.
    const values = [100, 50, 50, 50, 50, 50, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1, 1, 1, 1];
    const tiers = new ValueTiers().fit(table(values));
    const labels = tiers.predict(table(values));
    expect(labels.slice(0, 7)).toEqual(['A', 'B', 'B', 'B', 'B', 'B', 'C']);
    // A tie at the very top: everybody is A.
    expect(new ValueTiers().fit(table([5, 5, 5])).predict(table([5, 5, 5]))).toEqual([
      'A',
      'A',
      'A',
    ]);
  });

  it('counts 0.07 × 100 as exactly 7', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const tiers = new ValueTiers({ cuts: [0.07] }).fit(table(values));
    const counts = countLabels(tiers.predict(table(values)));
    expect(counts.get('A')).toBe(7);
    expect(counts.get('B')).toBe(93);
  });

  it('is 5 / 15 / 80 % on 5,000 seeded customers and the thresholds reproduce the rule', () => {
    const random = seededRandom(2024);
    const values = Array.from({ length: 5000 }, () => Math.exp(3 + 2 * random()));
    const data = table(values);
    const tiers = new ValueTiers().fit(data);
    const labels = tiers.predict(data);
    const counts = countLabels(labels);
    expect([counts.get('A'), counts.get('B'), counts.get('C')]).toEqual([250, 750, 4000]);
    values.forEach((x, i) =>
      expect(labels[i]).toBe(customersRule(values, x, [0.05, 0.2], ['A', 'B', 'C'])),
    );
  });

  it('stays within ties of 5 / 15 / 80 % on heavily tied synthetic monetary values', () => {
    // Tiers of the monetary column alone (the synthetic table has frequency-0 rows, buyers or not).
    const features = {
      monetary: syntheticFeatures(5000, 99, { roundMonetary: true }).monetary as Float64Array,
    };
    const values = Array.from(features.monetary as Float64Array);
    const tiers = new ValueTiers().fit(features);
    const labels = tiers.predict(features);
    const counts = countLabels(labels);
    const tie = (x: number): number => values.filter((v) => v === x).length;
    const { thresholds } = tiers.state;
    const a = counts.get('A') ?? 0;
    const ab = a + (counts.get('B') ?? 0);
    expect(a).toBeGreaterThanOrEqual(250);
    expect(a).toBeLessThan(250 + tie(thresholds[0]!));
    expect(ab).toBeGreaterThanOrEqual(1000);
    expect(ab).toBeLessThan(1000 + tie(thresholds[1]!));
    values.forEach((x, i) =>
      expect(labels[i]).toBe(customersRule(values, x, [0.05, 0.2], ['A', 'B', 'C'])),
    );
  });
});

describe('ValueTiers by revenue', () => {
  it('cuts by cumulative revenue on a hand-made table', () => {
    // Total 100. Sum above 50: 0, above 30: 50 (< 80: A); above 10: 80, above 6: 90 (< 95: B);
    // above 2: 96 (C, both tied customers).
    const values = [50, 30, 10, 6, 2, 2];
    const tiers = new ValueTiers({ method: 'revenue' }).fit(table(values));
    expect(tiers.state.thresholds).toEqual([30, 6]);
    expect(tiers.state.total).toBe(100);
    expect(tiers.predict(table(values))).toEqual(['A', 'A', 'B', 'B', 'C', 'C']);
    expect(tiers.params.cuts).toEqual([0.8, 0.95]);
  });

  it('reproduces the rule on 5,000 seeded customers, also with negatives', () => {
    const random = seededRandom(11);
    const values = Array.from({ length: 5000 }, () =>
      random() < 0.02
        ? -Math.round(random() * 50)
        : Math.round(Math.exp(2 + 3 * random()) * 100) / 100,
    );
    const data = table(values);
    const tiers = new ValueTiers({ method: 'revenue', labels: ['gold', 'silver', 'bronze'] }).fit(
      data,
    );
    const labels = tiers.predict(data);
    values.forEach((x, i) =>
      expect(labels[i]).toBe(revenueRule(values, x, [0.8, 0.95], ['gold', 'silver', 'bronze'])),
    );
    const counts = countLabels(labels);
    expect(counts.get('gold')! + counts.get('silver')! + counts.get('bronze')!).toBe(5000);
  });
});

describe('ValueTiers general behaviour', () => {
  it('supports any number of tiers with default letter labels', () => {
    const values = Array.from({ length: 10 }, (_, i) => i + 1);
    const tiers = new ValueTiers({ cuts: [0.1, 0.3, 0.6] }).fit(table(values));
    expect(tiers.classes).toEqual(['A', 'B', 'C', 'D', 'no purchases']);
    expect(tiers.predict(table(values))).toEqual([
      'D',
      'D',
      'D',
      'D',
      'C',
      'C',
      'C',
      'B',
      'B',
      'A',
    ]);
  });

  it('classifies new values and NaN (last tier) and round-trips through JSON', () => {
    const features = syntheticFeatures(1000, 5);
    const tiers = new ValueTiers({ by: 'monetary_mean' }).fit(features);
    const restored = ValueTiers.fromJSON(viaJSONString(tiers.toJSON()));
    expect(restored.predict(features)).toEqual(tiers.predict(features));
    expect(ValueTiers.fromJSON(JSON.stringify(tiers)).params).toEqual(tiers.params);
    const fresh = { monetary_mean: new Float64Array([1e12, -1, NaN]) };
    expect(restored.predict(fresh)).toEqual(['A', 'C', 'C']);
  });

  it('validates options, input and model JSON', () => {
    const invalid = [
      () => new ValueTiers({ cuts: [0.2, 0.1] }),
      () => new ValueTiers({ cuts: [0, 0.5] }),
      () => new ValueTiers({ cuts: [0.5, 1] }),
      () => new ValueTiers({ cuts: [] }),
      () => new ValueTiers({ labels: ['A', 'B'] }),
      () => new ValueTiers({ labels: ['A', 'A', 'B'] }),
      () => new ValueTiers({ method: 'profit' as 'revenue' }),
    ];
    for (const fn of invalid) expect(isCohortlabError(errorOf(fn), 'INVALID_OPTION')).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new ValueTiers().predict(table([1]))),
        'NOT_FITTED',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new ValueTiers().fit(table([NaN]))),
        'INVALID_INPUT',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new ValueTiers({ method: 'revenue' }).fit(table([0, 0]))),
        'INVALID_INPUT',
      ),
    ).toBe(true);
    expect(
      isCohortlabError(
        errorOf(() => new ValueTiers({ by: 'x' }).fit(table([1]))),
        'UNKNOWN_FEATURE',
      ),
    ).toBe(true);
    const json = new ValueTiers().fit(table([1, 2, 3])).toJSON();
    const broken = { ...json, state: { ...json.state, thresholds: [1] } };
    expect(
      isCohortlabError(
        errorOf(() => ValueTiers.fromJSON(broken)),
        'INVALID_MODEL',
      ),
    ).toBe(true);
  });
});
