import { describe, expect, it } from 'vitest';
import { adjustedRandScore } from '../../../src/cluster/metrics/adjusted-rand.js';
import { createRandom } from '../../../src/cluster/metrics/random.js';
import { expectError } from './helpers.js';

/** ARI from the contingency table with binomial coefficients (Hubert and Arabie). */
function classic(a: readonly number[], b: readonly number[]): number {
  const pairs = (m: number): number => (m * (m - 1)) / 2;
  const cell = new Map<string, number>();
  const rowSum = new Map<number, number>();
  const colSum = new Map<number, number>();
  a.forEach((u, i) => {
    const v = b[i] as number;
    cell.set(`${u},${v}`, (cell.get(`${u},${v}`) ?? 0) + 1);
    rowSum.set(u, (rowSum.get(u) ?? 0) + 1);
    colSum.set(v, (colSum.get(v) ?? 0) + 1);
  });
  const index = [...cell.values()].reduce((s, m) => s + pairs(m), 0);
  const sa = [...rowSum.values()].reduce((s, m) => s + pairs(m), 0);
  const sb = [...colSum.values()].reduce((s, m) => s + pairs(m), 0);
  const expected = (sa * sb) / pairs(a.length);
  return (index - expected) / ((sa + sb) / 2 - expected);
}

describe('adjustedRandScore', () => {
  it('matches the textbook value', () => {
    // scikit-learn's documentation example: 0.24242424… = 8/33.
    expect(adjustedRandScore([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 15);
  });

  it('is 1 for the same partition under any renaming, and symmetric', () => {
    expect(adjustedRandScore([0, 0, 1, 2], [9, 9, -4, 3])).toBe(1);
    const a = [0, 1, 1, 2, 2, 2, 0, 1];
    const b = [1, 1, 0, 0, 2, 2, 2, 0];
    expect(adjustedRandScore(a, b)).toBe(adjustedRandScore(b, a));
  });

  it('equals the binomial-coefficient formula on random labellings', () => {
    const random = createRandom(3);
    for (const [n, ka, kb] of [
      [50, 3, 4],
      [200, 10, 2],
      [1000, 6, 6],
    ] as const) {
      const a = Array.from({ length: n }, () => random.nextInt(ka));
      const b = a.map((v) => (random.nextFloat() < 0.3 ? random.nextInt(kb) : v % kb));
      expect(adjustedRandScore(a, b)).toBeCloseTo(classic(a, b), 12);
    }
  });

  it('stays finite and near 0 for independent labellings of a million points', () => {
    const random = createRandom(4);
    const n = 1_000_000;
    const a = new Int32Array(n).map(() => random.nextInt(8));
    const b = new Int32Array(n).map(() => random.nextInt(8));
    const ari = adjustedRandScore(a, b);
    expect(Number.isFinite(ari)).toBe(true);
    expect(Math.abs(ari)).toBeLessThan(1e-3);
  });

  it('refuses labellings of different lengths', () => {
    expectError(() => adjustedRandScore([0, 1], [0, 1, 1]), 'INVALID_INPUT');
  });
});
