import { describe, expect, it } from 'vitest';
import { kneedle } from '../../../src/cluster/metrics/kneedle.js';
import { expectError } from './helpers.js';

/** x from `from` to `to` in steps of `step` (rounded to avoid drift). */
function grid(from: number, to: number, step: number): number[] {
  const count = Math.round((to - from) / step);
  return Array.from({ length: count + 1 }, (_, i) => Math.round((from + i * step) * 1e6) / 1e6);
}

describe('kneedle', () => {
  it('finds the knee of y = 1/x on [1, 10] at √10 (decreasing convex)', () => {
    // Maximizes 1 - (1/x - 0.1)/0.9 - (x - 1)/9: derivative 0 at x² = 10.
    const x = grid(1, 10, 0.01);
    const result = kneedle(
      x,
      x.map((v) => 1 / v),
    );
    expect(result.knee).toBeCloseTo(Math.sqrt(10), 2);
    expect(result.index).toBe(x.indexOf(result.knee as number));
    expect(result.y).toBeCloseTo(1 / (result.knee as number), 15);
  });

  it('finds the knee of y = exp(-x) on [0, 5] at ln(5 / (1 - e⁻⁵))', () => {
    const x = grid(0, 5, 0.01);
    const result = kneedle(
      x,
      x.map((v) => Math.exp(-v)),
    );
    expect(result.knee).toBeCloseTo(Math.log(5 / (1 - Math.exp(-5))), 2);
  });

  it('handles the other three curve shapes', () => {
    // Increasing concave log x on [1, 10]: knee at 9 / ln 10.
    const x = grid(1, 10, 0.01);
    expect(
      kneedle(x, x.map(Math.log), { curve: 'concave', direction: 'increasing' }).knee,
    ).toBeCloseTo(9 / Math.LN10, 2);
    // Increasing convex x² and decreasing concave 1 - x² on [0, 1]: knee at 0.5.
    const u = grid(0, 1, 0.01);
    expect(
      kneedle(
        u,
        u.map((v) => v * v),
        { curve: 'convex', direction: 'increasing' },
      ).knee,
    ).toBe(0.5);
    expect(
      kneedle(
        u,
        u.map((v) => 1 - v * v),
        { curve: 'concave', direction: 'decreasing' },
      ).knee,
    ).toBe(0.5);
  });

  it('finds the corner of a hockey stick', () => {
    // Steep drop to k = 4, then nearly flat.
    const k = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const inertia = [1000, 700, 400, 100, 90, 80, 72, 65, 60, 56];
    expect(kneedle(k, inertia).knee).toBe(4);
  });

  it('picks k = 4 on the wholesale inertia curve (k = 2..8)', () => {
    const k = [2, 3, 4, 5, 6, 7, 8];
    const inertia = [1844.064, 1553.34, 1386.823, 1266.149, 1173.932, 1086.908, 1022.321];
    const result = kneedle(k, inertia);
    expect(result.knee).toBe(4);
    expect(result.y).toBe(1386.823);
    // Difference curve 1 - y_norm - x_norm, largest at k = 4.
    const yn = inertia.map((v) => (v - 1022.321) / (1844.064 - 1022.321));
    const expected = k.map((v, i) => 1 - (yn[i] as number) - (v - 2) / 6);
    expected.forEach((v, i) => expect(result.difference[i]).toBeCloseTo(v, 14));
    // Sensitivity: the difference falls from 0.223 at k = 4 to 0 at k = 8, below the threshold
    // 0.223 - S/6 as long as S < 1.34; beyond that the knee is not confirmed.
    expect(kneedle(k, inertia, { sensitivity: 1.3 }).knee).toBe(4);
    expect(kneedle(k, inertia, { sensitivity: 2 }).knee).toBeNull();
  });

  it('finds no knee on a straight line or a constant', () => {
    expect(kneedle([1, 2, 3, 4], [8, 6, 4, 2]).knee).toBeNull();
    expect(kneedle([1, 2, 3], [5, 5, 5]).index).toBeNull();
  });

  it('validates input and options', () => {
    expectError(() => kneedle([1, 2], [3, 4]), 'INVALID_INPUT');
    expectError(() => kneedle([1, 3, 2], [3, 2, 1]), 'INVALID_INPUT');
    expectError(() => kneedle([1, 2, 3], [3, NaN, 1]), 'INVALID_INPUT');
    expectError(() => kneedle([1, 2, 3], [3, 2, 1], { sensitivity: -1 }), 'INVALID_OPTION');
    expectError(() => kneedle([1, 2, 3], [3, 2, 1], { curve: 'flat' as never }), 'INVALID_OPTION');
  });
});
