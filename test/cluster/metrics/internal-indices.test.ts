import { describe, expect, it } from 'vitest';
import { calinskiHarabaszScore } from '../../../src/cluster/metrics/calinski-harabasz.js';
import { withinClusterSumOfSquares } from '../../../src/cluster/metrics/centroids.js';
import { daviesBouldinScore } from '../../../src/cluster/metrics/davies-bouldin.js';
import { expectError, matrix } from './helpers.js';

// Two triangles: A = (0,0) (0,1) (1,0), B = A + (5,5). Centroids (1/3, 1/3) and (16/3, 16/3).
const triangles = matrix([
  [0, 0],
  [0, 1],
  [1, 0],
  [5, 5],
  [5, 6],
  [6, 5],
]);
const halves = [0, 0, 0, 1, 1, 1];

describe('calinskiHarabaszScore', () => {
  it('matches a hand computation', () => {
    // Between: 2 clusters × 3 points × ‖(2.5, 2.5)‖² = 75. Within: 2 × (2/9 + 5/9 + 5/9) = 8/3.
    // (75 / (2 - 1)) / ((8/3) / (6 - 2)) = 112.5
    expect(calinskiHarabaszScore(triangles, halves)).toBeCloseTo(112.5, 12);
    expect(withinClusterSumOfSquares(triangles, halves)).toBeCloseTo(8 / 3, 14);
  });

  it('is 1 when every cluster is a single location (no within dispersion)', () => {
    expect(calinskiHarabaszScore(matrix([[0], [0], [3], [3]]), [0, 0, 1, 1])).toBe(1);
  });

  it('does not depend on the label values', () => {
    expect(calinskiHarabaszScore(triangles, [7, 7, 7, -2, -2, -2])).toBe(
      calinskiHarabaszScore(triangles, halves),
    );
  });

  it('needs 2..n-1 labels', () => {
    expect(
      expectError(() => calinskiHarabaszScore(triangles, [0, 0, 0, 0, 0, 0]), 'INVALID_INPUT')
        .message,
    ).toMatch(/number of labels is 1/);
  });
});

describe('daviesBouldinScore', () => {
  it('matches a hand computation', () => {
    // Mean distance to the centroid: (√2 + √5 + √5) / 3 / 3 in both; centroids 5√2 apart.
    const s = (Math.SQRT2 + 2 * Math.sqrt(5)) / 9;
    expect(daviesBouldinScore(triangles, halves)).toBeCloseTo((2 * s) / (5 * Math.SQRT2), 14);
  });

  it('takes the worst neighbour of each cluster', () => {
    // 1-D: clusters at 0 (spread 1), 4 (spread 1), 20 (spread 2).
    const x = matrix([[-1], [1], [3], [5], [18], [22]]);
    const ratios = [(1 + 1) / 4, Math.max((1 + 1) / 4, (1 + 2) / 16), (2 + 1) / 16];
    expect(daviesBouldinScore(x, [0, 0, 1, 1, 2, 2])).toBeCloseTo(
      ratios.reduce((a, b) => a + b, 0) / 3,
      14,
    );
  });

  it('is 0 when every cluster is a single location, and ignores coinciding centroids', () => {
    expect(daviesBouldinScore(matrix([[0], [0], [3], [3]]), [0, 0, 1, 1])).toBe(0);
    // Clusters 0 and 1 share the centroid (0, 0): their pair is skipped, as scikit-learn does.
    const x = matrix([
      [-1, 0],
      [1, 0],
      [0, -2],
      [0, 2],
      [10, 10],
      [12, 10],
    ]);
    // Spreads 1, 2 and 1; each of clusters 0 and 1 is compared with cluster 2 only.
    const d = Math.hypot(11, 10);
    const expected = ((1 + 1) / d + (2 + 1) / d + (2 + 1) / d) / 3;
    expect(daviesBouldinScore(x, [0, 0, 1, 1, 2, 2])).toBeCloseTo(expected, 14);
  });

  it('needs 2..n-1 labels', () => {
    expectError(() => daviesBouldinScore(triangles, [0, 1, 2, 3, 4, 5]), 'INVALID_INPUT');
  });
});
