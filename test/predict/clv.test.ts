import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedPurchases } from '../../src/predict/bg-nbd/expectations.js';
import {
  clvColumn,
  customerLifetimeValue,
  MONTH_IN_WEEKS,
  type ClvCustomers,
} from '../../src/predict/clv.js';

// Reference values from scripts/fixtures/clv.py (scipy's hyp2f1, at the published CDNOW
// parameters of BG/NBD and Gamma-Gamma, month = 365.25/12/7 weeks).
interface Reference {
  readonly monthLength: number;
  readonly bgNbd: [number, number, number, number];
  readonly gammaGamma: [number, number, number];
  readonly spendFirst20: number[];
  readonly cases: {
    horizonMonths: number;
    discountRate: number;
    first20: number[];
    sum: number;
  }[];
}
const ref = JSON.parse(readFileSync('test/fixtures/clv/reference.json', 'utf8')) as Reference;
const [r, alpha, a, b] = ref.bgNbd;
const bg = { r, alpha, a, b };
const [p, q, gamma] = ref.gammaGamma;
const gg = { p, q, gamma };

function cdnow(): ClvCustomers & { frequency: Float64Array } {
  const lines = readFileSync('data/cdnow_customers_summary_with_transactions.csv', 'utf8')
    .trim()
    .split(/\r?\n/);
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return {
    frequency: Float64Array.from(rows, (row) => row[1]!),
    recency: Float64Array.from(rows, (row) => row[2]!),
    T: Float64Array.from(rows, (row) => row[3]!),
    monetaryValue: Float64Array.from(rows, (row) => row[4]!),
  };
}
const customers = cdnow();

describe('customerLifetimeValue', () => {
  it('uses a month of 365.25/12 days in weeks, as the fixture', () => {
    expect(MONTH_IN_WEEKS).toBeCloseTo(ref.monthLength, 14);
    expect(clvColumn(12)).toBe('clv_12');
  });

  for (const c of ref.cases) {
    it(`equals scipy’s per customer and in total (H = ${c.horizonMonths}, d = ${c.discountRate})`, () => {
      const values = customerLifetimeValue(bg, gg, customers, {
        horizonMonths: c.horizonMonths,
        monthLength: ref.monthLength,
        discountRate: c.discountRate,
      });
      c.first20.forEach((expected, i) => {
        expect(Math.abs(values[i]! - expected) / Math.max(1, expected)).toBeLessThan(1e-9);
      });
      const total = values.reduce((s, v) => s + v, 0);
      expect(Math.abs(total - c.sum) / c.sum).toBeLessThan(1e-9);
    });
  }

  it('without discount is spend × expected purchases over the whole horizon', () => {
    const values = customerLifetimeValue(bg, gg, customers, {
      horizonMonths: 6,
      monthLength: MONTH_IN_WEEKS,
      discountRate: 0,
    });
    for (const i of [0, 1, 5, 17, 400, 2356]) {
      const x = customers.frequency[i]!;
      const purchases = expectedPurchases(
        bg,
        6 * MONTH_IN_WEEKS,
        x,
        customers.recency[i]!,
        customers.T[i]!,
      );
      const m = x > 0 ? customers.monetaryValue[i]! : 0;
      const spend = (p * (gamma + x * m)) / (p * x + q - 1);
      expect(spend).toBeCloseTo(i < 20 ? ref.spendFirst20[i]! : spend, 12);
      expect(values[i]!).toBeCloseTo(spend * purchases, 9);
    }
  });

  it('falls as the discount rate rises and grows with the horizon', () => {
    const at = (horizonMonths: number, discountRate: number) =>
      customerLifetimeValue(bg, gg, customers, {
        horizonMonths,
        monthLength: MONTH_IN_WEEKS,
        discountRate,
      })[0]!;
    expect(at(12, 0.05)).toBeLessThan(at(12, 0.01));
    expect(at(24, 0.01)).toBeGreaterThan(at(12, 0.01));
  });

  it('refuses missing or bad options, naming them', () => {
    const run = (options: object) => () =>
      customerLifetimeValue(bg, gg, customers, options as never);
    expect(run({ monthLength: 4, discountRate: 0 })).toThrow(/horizonMonths/);
    expect(run({ horizonMonths: 1.5, monthLength: 4, discountRate: 0 })).toThrow(
      /horizonMonths must be a whole number/,
    );
    expect(run({ horizonMonths: 12, discountRate: 0 })).toThrow(/monthLength must be > 0/);
    expect(run({ horizonMonths: 12, monthLength: 4, discountRate: -0.1 })).toThrow(
      /discountRate must be ≥ 0/,
    );
  });
});
