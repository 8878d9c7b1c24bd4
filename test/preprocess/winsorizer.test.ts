import { describe, expect, it } from 'vitest';
import { Winsorizer } from '../../src/preprocess/winsorizer.js';
import { isInvertible } from '../../src/preprocess/transformer.js';
import {
  SPEND,
  expectClose,
  expectError,
  expectSameTable,
  fixture,
  maxScaledDiff,
  numericTable,
  snapshot,
  viaJSON,
  wholesale,
} from './helpers.js';

interface WinsorFixture {
  low: number[];
  high: number[];
  output: Record<string, number[]>;
}

/** Linear-interpolation quantile by hand: position (n - 1) q between order statistics. */
function handQuantile(values: number[], q: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const j = Math.min(i + 1, sorted.length - 1);
  return sorted[i]! + (sorted[j]! - sorted[i]!) * (pos - i);
}

describe('Winsorizer', () => {
  it('clips to the learned quantiles', () => {
    // 0..100: the 1% and 99% quantiles are exactly 1 and 99.
    const values = Array.from({ length: 101 }, (_, i) => i);
    const table = numericTable({ a: values });
    const w = new Winsorizer().fit(table);
    expect(w.low).toEqual([1]);
    expect(w.high).toEqual([99]);
    const out = w.transform(numericTable({ a: [-50, 0, 1, 50, 99, 100, 1e9, null] }));
    expectClose(out['a'], [1, 1, 1, 50, 99, 99, 99, null]);
  });

  it('interpolates quantiles linearly between order statistics', () => {
    const values = [3, 1000, 7, 12, 5, 0.5, 44, 19, 250, 8, 2];
    const table = numericTable({ a: values });
    const w = new Winsorizer({ lower: 0.1, upper: 0.85 }).fit(table);
    const lo = handQuantile(values, 0.1);
    const hi = handQuantile(values, 0.85);
    expect(w.low[0]).toBeCloseTo(lo, 12);
    expect(w.high[0]).toBeCloseTo(hi, 12);
    expectClose(
      w.transform(table)['a'],
      values.map((v) => Math.min(Math.max(v, lo), hi)),
    );
  });

  it('ignores NaN when fitting and passes a never-seen column through unclipped', () => {
    const table = numericTable({ a: [null, 0, 10, null], empty: [null, null, null, null] });
    const before = snapshot(table);
    const w = new Winsorizer({ lower: 0.5, upper: 0.5 }).fit(table);
    expect(w.low[0]).toBe(5);
    expect(Number.isNaN(w.low[1])).toBe(true);
    const out = w.transform(numericTable({ a: [1, 9, null], empty: [-1e9, 3, null] }));
    expectClose(out['a'], [5, 5, null]);
    expectClose(out['empty'], [-1e9, 3, null]);
    expectSameTable(table, before);
  });

  it('has no inverse', () => {
    expect(isInvertible(new Winsorizer())).toBe(false);
  });

  it('survives a JSON round trip exactly', () => {
    const { numeric } = wholesale();
    const table = {
      ...numeric,
      empty: new Float64Array(440).fill(NaN),
      label: Array(440).fill('x'),
    };
    const w = new Winsorizer({ lower: 0.05, upper: 0.9 }).fit(table);
    const restored = Winsorizer.fromJSON(viaJSON(w));
    expect(restored.params).toEqual(w.params);
    expect(restored.featureNamesOut).toEqual([...SPEND, 'empty', 'label']);
    expectSameTable(restored.transform(table), w.transform(table));
  });

  it('matches numpy.quantile + numpy.clip on the wholesale spend columns', () => {
    const { numeric } = wholesale();
    const np = fixture<WinsorFixture>('winsorizer.json');
    const w = new Winsorizer().fit(numeric);
    expect(maxScaledDiff(w.low, np.low)).toBeLessThan(1e-12);
    expect(maxScaledDiff(w.high, np.high)).toBeLessThan(1e-12);
    const out = w.transform(numeric);
    for (const name of SPEND) {
      expect(maxScaledDiff(out[name] as Float64Array, np.output[name]!)).toBeLessThan(1e-12);
    }
  });

  it('reports errors with stable codes', () => {
    expectError(() => new Winsorizer({ lower: -0.1 }), 'INVALID_OPTION');
    expectError(() => new Winsorizer({ upper: 1.5 }), 'INVALID_OPTION');
    expectError(() => new Winsorizer({ lower: 0.6, upper: 0.4 }), 'INVALID_OPTION');
    expectError(() => new Winsorizer({ lower: NaN }), 'INVALID_OPTION');
    expectError(() => new Winsorizer().transform(numericTable({ a: [1] })), 'NOT_FITTED');
    expectError(() => new Winsorizer().fit(numericTable({ a: [1, Infinity] })), 'INVALID_INPUT', {
      column: 'a',
      row: 2,
    });
    expectError(
      () => new Winsorizer().fit(numericTable({ a: [1] })).transform({}),
      'UNKNOWN_FEATURE',
      {
        column: 'a',
      },
    );
  });
});
