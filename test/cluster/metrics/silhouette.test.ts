import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SILHOUETTE_SAMPLE_SIZE,
  silhouetteSamples,
  silhouetteScore,
} from '../../../src/cluster/metrics/silhouette.js';
import { blobs, expectError, matrix, maxAbsDiff } from './helpers.js';
import type { MatrixLike } from '../../../src/cluster/metrics/matrix-like.js';

/** Textbook silhouette from the full distance matrix, no tricks. */
function bruteForce(x: MatrixLike, labels: ArrayLike<number>): number[] {
  const n = x.rows;
  const dist = (i: number, j: number): number => {
    let ss = 0;
    for (let t = 0; t < x.cols; t++)
      ss += ((x.data[i * x.cols + t] as number) - (x.data[j * x.cols + t] as number)) ** 2;
    return Math.sqrt(ss);
  };
  const clusters = [...new Set(Array.from(labels))];
  return Array.from({ length: n }, (_, i) => {
    const own = labels[i] as number;
    const members = (c: number): number[] => [...Array(n).keys()].filter((j) => labels[j] === c);
    const mine = members(own).filter((j) => j !== i);
    if (mine.length === 0) return 0;
    const a = mine.reduce((s, j) => s + dist(i, j), 0) / mine.length;
    const b = Math.min(
      ...clusters
        .filter((c) => c !== own)
        .map((c) => {
          const m = members(c);
          return m.reduce((s, j) => s + dist(i, j), 0) / m.length;
        }),
    );
    const top = Math.max(a, b);
    return top === 0 ? 0 : (b - a) / top;
  });
}

describe('silhouetteSamples', () => {
  it('matches a hand computation on two triangles', () => {
    const x = matrix([
      [0, 0],
      [0, 1],
      [1, 0],
      [5, 5],
      [5, 6],
      [6, 5],
    ]);
    const s = silhouetteSamples(x, [0, 0, 0, 1, 1, 1]);
    // Point (0, 0): a = (1 + 1) / 2, b = (√50 + √61 + √61) / 3.
    const a = 1;
    const b = (Math.sqrt(50) + 2 * Math.sqrt(61)) / 3;
    expect(s[0]).toBeCloseTo((b - a) / b, 14);
    // Point (0, 1): a = (1 + √2) / 2, b = (√41 + √50 + √52) / 3.
    const a1 = (1 + Math.SQRT2) / 2;
    const b1 = (Math.sqrt(41) + Math.sqrt(50) + Math.sqrt(52)) / 3;
    expect(s[1]).toBeCloseTo((b1 - a1) / b1, 14);
    // Swapping the coordinates maps the data onto itself: (0, 1) ↔ (1, 0), (5, 6) ↔ (6, 5).
    expect(s[2]).toBeCloseTo(s[1] as number, 14);
    expect(s[5]).toBeCloseTo(s[4] as number, 14);
  });

  it('equals the brute-force definition on random data with many clusters', () => {
    for (const [cols, k] of [
      [1, 3],
      [3, 7],
      [5, 4],
      [9, 5],
    ] as const) {
      const { x } = blobs(
        Array.from({ length: k }, (_, c) => Array(cols).fill(c * 0.8)),
        13,
        1,
        cols * 31 + k,
      );
      // Labels independent of the layout, including a singleton (label 99).
      const labels = Array.from({ length: x.rows }, (_, i) => (i * 7) % k);
      labels[5] = 99;
      expect(maxAbsDiff(silhouetteSamples(x, labels), bruteForce(x, labels))).toBeLessThan(1e-13);
    }
  });

  it('gives 0 to singletons, like scikit-learn', () => {
    const x = matrix([[0], [1], [2], [10], [30]]);
    const s = silhouetteSamples(x, [0, 0, 0, 1, 2]);
    expect(s[3]).toBe(0);
    expect(s[4]).toBe(0);
    expect(s[0]).toBeGreaterThan(0);
  });

  it('handles coinciding points: 1 when clusters are points, 0 when all coincide', () => {
    expect(
      Array.from(
        silhouetteSamples(
          matrix([
            [0, 0],
            [0, 0],
            [1, 1],
            [1, 1],
          ]),
          [0, 0, 1, 1],
        ),
      ),
    ).toEqual([1, 1, 1, 1]);
    expect(Array.from(silhouetteSamples(matrix([[2], [2], [2], [2]]), [0, 0, 1, 1]))).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it("refuses one cluster and k = n with scikit-learn's message", () => {
    const x = matrix([[0], [1], [2]]);
    const one = expectError(() => silhouetteSamples(x, [4, 4, 4]), 'INVALID_INPUT');
    expect(one.message).toMatch(/number of labels is 1\. Valid values are 2 to n_samples - 1/);
    expect(expectError(() => silhouetteScore(x, [0, 1, 2]), 'INVALID_INPUT').message).toMatch(
      /number of labels is 3/,
    );
  });

  it('refuses malformed input', () => {
    const x = matrix([[0], [1], [2], [3]]);
    expectError(() => silhouetteSamples(x, [0, 1, 0]), 'INVALID_INPUT');
    expectError(() => silhouetteSamples(x, [0, 1, 0, 0.5]), 'INVALID_INPUT');
    const bad = expectError(
      () =>
        silhouetteSamples(
          matrix([
            [0, 1],
            [NaN, 2],
            [1, 1],
          ]),
          [0, 1, 1],
        ),
      'INVALID_INPUT',
    );
    expect(bad.row).toBe(2);
    expectError(
      () => silhouetteSamples({ data: new Float64Array(5), rows: 2, cols: 2 }, [0, 1]),
      'INVALID_INPUT',
    );
  });
});

describe('silhouetteScore', () => {
  const { x, labels } = blobs(
    [
      [0, 0, 0],
      [4, 0, 0],
      [0, 4, 0],
    ],
    200,
    1,
    11,
  ); // 600 points

  it('is the mean of the samples when exact', () => {
    const samples = silhouetteSamples(x, labels);
    const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
    expect(silhouetteScore(x, labels)).toBeCloseTo(mean, 15);
    expect(silhouetteScore(x, labels, { sampleSize: null })).toBe(silhouetteScore(x, labels));
    expect(silhouetteScore(x, labels, { sampleSize: 600 })).toBe(silhouetteScore(x, labels));
    expect(DEFAULT_SILHOUETTE_SAMPLE_SIZE).toBe(10_000);
  });

  it('samples above sampleSize, deterministically per seed', () => {
    const exact = silhouetteScore(x, labels);
    const a = silhouetteScore(x, labels, { sampleSize: 200, seed: 1 });
    expect(silhouetteScore(x, labels, { sampleSize: 200, seed: 1 })).toBe(a);
    const b = silhouetteScore(x, labels, { sampleSize: 200, seed: 2 });
    expect(b).not.toBe(a);
    expect(Math.abs(a - exact)).toBeLessThan(0.05);
    expect(Math.abs(b - exact)).toBeLessThan(0.05);
  });

  it('validates its options', () => {
    expectError(() => silhouetteScore(x, labels, { sampleSize: 1 }), 'INVALID_OPTION');
    expectError(() => silhouetteScore(x, labels, { sampleSize: 2.5 }), 'INVALID_OPTION');
    expectError(() => silhouetteScore(x, labels, { seed: 0.5 }), 'INVALID_OPTION');
    expectError(() => silhouetteScore(x, labels, { sample: 10 } as never), 'INVALID_OPTION');
  });
});
