import { beforeAll, describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/classes/lifecycle.js';
import { RfmScorer } from '../../src/classes/rfm-scorer.js';
import { classSummary } from '../../src/classes/summary.js';
import { ValueTiers } from '../../src/classes/value-tiers.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { customerFeatures } from '../../src/features/customer-features.js';
import { getNumeric, type ColumnTable } from '../../src/table/column-table.js';

// The predefined classes on the real CDNOW cohort, checked against the documented rules
// written out here by brute force (no code shared with the implementation).
let table: ColumnTable;
// Tier sizes among the 23,502 buyers, computed apart (awk + Python over cdnow_master.txt).
const SIZES = [1176, 3525, 18801];
// A is 0.9 above its nominal 1,175.1 (a tie), B 0.3 below its nominal 3,525.3.
const TIE_A = 1;
const TIE_B = 1;
beforeAll(async () => {
  const engine = await Engine.open();
  const tx = await loadTransactions('data/cdnow_master.txt', {
    engine,
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  table = (await customerFeatures(tx)).table;
  engine.close();
});

function countWhere(values: Float64Array, test: (v: number) => boolean): number {
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n;
}

describe('predefined classes on CDNOW (23,570 customers)', () => {
  it('the 68 customers whose every order was of zero value are "no purchases", not a tier', () => {
    const frequency = getNumeric(table, 'frequency');
    const monetary = getNumeric(table, 'monetary');
    const nonBuyers = Array.from(frequency).flatMap((f, i) => (f === 0 ? [i] : []));
    expect(nonBuyers).toHaveLength(68);
    for (const i of nonBuyers) expect(monetary[i]).toBe(0);
    const tiers = new ValueTiers().fit(table);
    const labels = tiers.predict(table);
    for (const i of nonBuyers) expect(labels[i]).toBe('no purchases');
    expect(labels.filter((l) => l === 'no purchases')).toHaveLength(68);
    expect(
      new RfmScorer()
        .fit(table)
        .predict(table)
        .filter((l) => l === 'No purchases'),
    ).toHaveLength(68);
    expect(
      new Lifecycle()
        .fit(table)
        .predict(table)
        .filter((l) => l === 'prospect'),
    ).toHaveLength(68);
  });

  it('A/B/C tiers are 5 / 15 / 80 % of the buyers, ties never split', () => {
    const all = getNumeric(table, 'monetary');
    const frequency = getNumeric(table, 'frequency');
    const monetary = all.filter((_, i) => (frequency[i] as number) > 0);
    const n = monetary.length;
    expect(n).toBe(23_502);
    const labels = new ValueTiers()
      .fit(table)
      .predict(table)
      .filter((_, i) => (frequency[i] as number) > 0);
    const sorted = Float64Array.from(monetary).sort();
    const expected = Array.from(monetary, (v) => {
      const greater = n - upperBound(sorted, v);
      return greater < 0.05 * n ? 'A' : greater < 0.2 * n ? 'B' : 'C';
    });
    expect(labels).toEqual(expected);
    const sizes = ['A', 'B', 'C'].map((t) => labels.filter((l) => l === t).length);
    expect(sizes).toEqual(SIZES);
    // Within one tie block of the nominal 5 / 15 / 80 %.
    expect(Math.abs(sizes[0]! - 0.05 * n)).toBeLessThan(TIE_A);
    expect(Math.abs(sizes[1]! - 0.15 * n)).toBeLessThan(TIE_B);
    // Every A customer outspends every B customer, every B every C.
    const min = (t: string) => Math.min(...Array.from(monetary).filter((_, i) => labels[i] === t));
    const max = (t: string) => Math.max(...Array.from(monetary).filter((_, i) => labels[i] === t));
    expect(min('A')).toBeGreaterThan(max('B'));
    expect(min('B')).toBeGreaterThan(max('C'));
  });

  it('the Pareto variant puts the biggest customers making 80 % of revenue in A', () => {
    const monetary = getNumeric(table, 'monetary');
    const labels = new ValueTiers({ method: 'revenue' }).fit(table).predict(table);
    const total = Array.from(monetary).reduce((a, b) => a + b, 0);
    const sorted = Array.from(monetary).sort((a, b) => b - a);
    let aRevenue = 0;
    monetary.forEach((v, i) => {
      if (labels[i] === 'A') aRevenue += v;
    });
    expect(aRevenue / total).toBeGreaterThanOrEqual(0.8);
    // Dropping the smallest A customer would leave A below 80 %.
    const aCount = labels.filter((l) => l === 'A').length;
    expect((aRevenue - sorted[aCount - 1]!) / total).toBeLessThan(0.8);
  });

  it('RFM scores follow the count rule on the real, heavily tied data', () => {
    const scorer = new RfmScorer().fit(table);
    const frequency = getNumeric(table, 'frequency');
    const buyer = (_: number, i: number) => (frequency[i] as number) > 0;
    const scored = scorer.transform(table);
    const n = frequency.filter(buyer).length;
    for (const [feature, score, higherIsBetter] of [
      ['recency_days', 'rfm_r', false],
      ['frequency', 'rfm_f', true],
      ['monetary', 'rfm_m', true],
    ] as const) {
      // Scored among the buyers only (the 68 zero-value customers are "No purchases").
      const values = getNumeric(table, feature).filter(buyer);
      const sorted = Float64Array.from(values).sort();
      const scores = getNumeric(scored, score).filter(buyer);
      // count(< x) and count(> x) by binary search over the sorted values.
      const below = (x: number) => lowerBound(sorted, x);
      const above = (x: number) => n - upperBound(sorted, x);
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        const rank = higherIsBetter ? below(v) : above(v);
        expect(scores[i]).toBe(Math.min(5, 1 + Math.floor((5 * rank) / n)));
      }
    }
    // Half of CDNOW bought on a single day, so F jumps from 1 to 3: ties are never split.
    const f = getNumeric(scored, 'rfm_f').filter(buyer);
    expect(countWhere(f, (v) => v === 2)).toBe(0);
    expect(countWhere(f, (v) => v === 1)).toBeGreaterThan(0.5 * n);
  });

  it('every customer is in exactly one class per scheme, and summaries add up', () => {
    const monetary = getNumeric(table, 'monetary');
    const revenue = Array.from(monetary).reduce((a, b) => a + b, 0);
    for (const model of [new RfmScorer(), new ValueTiers(), new Lifecycle()]) {
      const labels = model.fit(table).predict(table);
      expect(labels).toHaveLength(monetary.length);
      for (const label of labels) expect(model.classes).toContain(label);
      const rows = classSummary(table, labels, { classes: model.classes });
      expect(rows.reduce((a, r) => a + r.customers, 0)).toBe(23_570);
      expect(rows.reduce((a, r) => a + r.revenue, 0)).toBeCloseTo(revenue, 6);
      expect(rows.reduce((a, r) => a + r.customerShare, 0)).toBeCloseTo(1, 12);
    }
  });

  it('lifecycle thresholds come from the customers’ own gaps between orders', () => {
    const lifecycle = new Lifecycle().fit(table);
    const gaps = Array.from(getNumeric(table, 'mean_days_between_orders'))
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    const q = (p: number) => {
      const pos = (gaps.length - 1) * p;
      const lo = Math.floor(pos);
      return gaps[lo]! + (gaps[Math.min(lo + 1, gaps.length - 1)]! - gaps[lo]!) * (pos - lo);
    };
    const state = lifecycle.toJSON().state;
    expect(state).toMatchObject({ newDays: q(0.5), atRiskDays: q(0.8), churnDays: q(0.95) });
    const labels = lifecycle.predict(table);
    const recency = getNumeric(table, 'recency_days');
    const frequency = getNumeric(table, 'frequency');
    labels.forEach((label, i) => {
      const r = recency[i] as number;
      if (frequency[i] === 0) expect(label).toBe('prospect');
      else if (r > q(0.95)) expect(label).toBe('churned');
      else if (r > q(0.8)) expect(label).toBe('at-risk');
    });
    // Everyone in this cohort first bought in Q1 1997, 15+ months before the as-of date.
    expect(labels.filter((l) => l === 'new')).toHaveLength(0);
  });
});

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
