import { describe, expect, it } from 'vitest';
import { gapStatistic } from '../../../src/cluster/metrics/gap-statistic.js';
import type { MatrixLike } from '../../../src/cluster/metrics/matrix-like.js';
import { blobs, expectError, kMeansBestOf5, matrix, tinyKMeans } from './helpers.js';

// The three-cluster example of Tibshirani et al. (2001): unit normals around these centres.
const threeBlobs = blobs(
  [
    [0, 0],
    [0, 5],
    [5, -3],
  ],
  40,
  1,
  5,
).x;

describe('gapStatistic', () => {
  it("chooses k = 3 on the paper's three clusters and k = 4 on four corners", () => {
    const ks = [1, 2, 3, 4, 5, 6];
    const result = gapStatistic(threeBlobs, {
      ks,
      cluster: kMeansBestOf5,
      references: 10,
      seed: 1,
    });
    expect(result.bestK).toBe(3);
    const corners = blobs(
      [
        [0, 0],
        [8, 0],
        [0, 8],
        [8, 8],
      ],
      40,
      0.7,
      2,
    ).x;
    expect(gapStatistic(corners, { ks, cluster: kMeansBestOf5, seed: 1 }).bestK).toBe(4);
    expect(result.rows.map((r) => r.k)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const row of result.rows) {
      expect(row.gap).toBeCloseTo(row.referenceLogW - row.logW, 14);
      expect(row.sk).toBeCloseTo(row.sd * Math.sqrt(1 + 1 / 10), 14);
    }
  });

  it('uses log of the total sum of squares at k = 1, without calling the clustering', () => {
    let calls = 0;
    const counting = (x: MatrixLike, k: number, seed: number): Int32Array => {
      calls++;
      return tinyKMeans(x, k, seed);
    };
    const x = matrix([
      [0, 0],
      [2, 0],
      [0, 4],
      [2, 4],
    ]);
    const result = gapStatistic(x, { ks: [1], cluster: counting, references: 3 });
    expect(calls).toBe(0);
    // Mean (1, 2): squared distances 1 + 4 each, four points.
    expect(result.rows[0]?.logW).toBeCloseTo(Math.log(20), 14);
    expect(result.bestK).toBeNull();
    gapStatistic(threeBlobs, { ks: [1, 2, 3], cluster: counting, references: 4 });
    expect(calls).toBe(2 * (1 + 4));
  });

  it('is deterministic per seed and passes derived seeds to the clustering', () => {
    const seen: number[] = [];
    const recording = (x: MatrixLike, k: number, seed: number): Int32Array => {
      seen.push(seed);
      return tinyKMeans(x, k, seed);
    };
    const a = gapStatistic(threeBlobs, { ks: [2, 3], cluster: recording, seed: 9, references: 3 });
    const first = [...seen];
    const b = gapStatistic(threeBlobs, { ks: [2, 3], cluster: recording, seed: 9, references: 3 });
    expect(b).toEqual(a);
    expect(seen.slice(first.length)).toEqual(first);
    expect(first.slice(0, 2)).toEqual([9, 9]); // the data itself is clustered with the seed
    const c = gapStatistic(threeBlobs, {
      ks: [2, 3],
      cluster: tinyKMeans,
      seed: 10,
      references: 3,
    });
    expect(c.rows[0]?.referenceLogW).not.toBe(a.rows[0]?.referenceLogW);
  });

  it('validates options and refuses zero dispersion', () => {
    const x = matrix([[0], [1], [2]]);
    expectError(() => gapStatistic(x, { ks: [], cluster: tinyKMeans }), 'INVALID_OPTION');
    expectError(() => gapStatistic(x, { ks: [0, 1], cluster: tinyKMeans }), 'INVALID_OPTION');
    expectError(() => gapStatistic(x, { ks: [2, 2], cluster: tinyKMeans }), 'INVALID_OPTION');
    expectError(() => gapStatistic(x, { ks: [4], cluster: tinyKMeans }), 'INVALID_OPTION');
    expectError(() => gapStatistic(x, { ks: [2], cluster: 3 as never }), 'INVALID_OPTION');
    expectError(
      () => gapStatistic(x, { ks: [2], cluster: tinyKMeans, references: 0 }),
      'INVALID_OPTION',
    );
    expectError(() => gapStatistic(x, { ks: [3], cluster: tinyKMeans }), 'INVALID_INPUT');
    expectError(() => gapStatistic(x, { ks: [2], cluster: () => [0, 1] }), 'INVALID_INPUT');
  });
});
