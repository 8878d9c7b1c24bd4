import { describe, expect, it } from 'vitest';
import type { MatrixLike } from '../../../src/cluster/metrics/matrix-like.js';
import { bootstrapStability } from '../../../src/cluster/metrics/stability.js';
import { blobs, expectError, kMeansBestOf5, tinyKMeans } from './helpers.js';

const { x } = blobs(
  [
    [0, 0],
    [8, 0],
    [4, 7],
  ],
  30,
  0.7,
  21,
);

describe('bootstrapStability', () => {
  it('is 1 at the true k of well separated blobs and lower at a wrong k', () => {
    const rows = bootstrapStability(x, {
      ks: [2, 3, 5],
      cluster: kMeansBestOf5,
      resamples: 8,
      seed: 2,
    });
    expect(rows.map((r) => r.k)).toEqual([2, 3, 5]);
    const [two, three, five] = rows;
    expect(three?.mean).toBe(1);
    expect(three?.std).toBe(0);
    expect(three?.scores).toHaveLength(8);
    expect(five?.mean).toBeLessThan(1);
    expect(two?.mean).toBeGreaterThan(0);
  });

  it('reports the mean and population std of its scores', () => {
    const [row] = bootstrapStability(x, { ks: [4], cluster: tinyKMeans, resamples: 6, seed: 3 });
    const scores = row?.scores ?? [];
    const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
    const std = Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / scores.length);
    expect(row?.mean).toBeCloseTo(mean, 15);
    expect(row?.std).toBeCloseTo(std, 15);
  });

  it('is deterministic per seed; resamples have n rows; the reference gets the seed', () => {
    const calls: { rows: number; k: number; seed: number }[] = [];
    const recording = (data: MatrixLike, k: number, seed: number): Int32Array => {
      calls.push({ rows: data.rows, k, seed });
      return tinyKMeans(data, k, seed);
    };
    const a = bootstrapStability(x, { ks: [2, 4], cluster: recording, resamples: 3, seed: 7 });
    expect(calls).toHaveLength(2 + 2 * 3);
    expect(calls.slice(0, 2).map((c) => c.seed)).toEqual([7, 7]);
    expect(calls.every((c) => c.rows === x.rows)).toBe(true);
    const b = bootstrapStability(x, { ks: [2, 4], cluster: tinyKMeans, resamples: 3, seed: 7 });
    expect(b).toEqual(a);
    const c = bootstrapStability(x, { ks: [2, 4], cluster: tinyKMeans, resamples: 3, seed: 8 });
    expect(c).not.toEqual(a);
  });

  it('validates options', () => {
    expectError(() => bootstrapStability(x, { ks: [1], cluster: tinyKMeans }), 'INVALID_OPTION');
    expectError(
      () => bootstrapStability(x, { ks: [2], cluster: tinyKMeans, resamples: 0 }),
      'INVALID_OPTION',
    );
    expectError(
      () => bootstrapStability(x, { ks: [2], cluster: tinyKMeans, seed: 1.5 }),
      'INVALID_OPTION',
    );
    expectError(
      () => bootstrapStability(x, { ks: [2], cluster: tinyKMeans, extra: 1 } as never),
      'INVALID_OPTION',
    );
  });
});
