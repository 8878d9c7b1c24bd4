/**
 * Cross-check with the ml-kmeans package, and the optional `backend: 'ml-kmeans'`.
 */
import { kmeans as mlKMeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { KMeans } from '../../../src/cluster/kmeans/kmeans.js';
import { matrixToRows } from '../../../src/cluster/kmeans/matrix.js';
import { blobs, expectError, maxScaledDiff, samePartition, wholesale } from './helpers.js';

describe('ml-kmeans cross-check', () => {
  it('finds the same partition of easy blobs (up to relabelling)', () => {
    const { x, truth } = blobs(3000, 5, 4, 0.8, 1);
    const ours = new KMeans({ k: 5, seed: 3 }).fit(x);
    const theirs = mlKMeans(matrixToRows(x), 5, { seed: 3, initialization: 'kmeans++' });
    expect(samePartition(ours.labels, theirs.clusters)).toBe(true);
    expect(samePartition(ours.labels, truth)).toBe(true);
  });

  it('from the same initial centroids, ml-kmeans and our Lloyd end at the same clustering', () => {
    const x = wholesale();
    const init = [0, 60, 120, 180].map((i) => Array.from(x.data.subarray(i * 6, i * 6 + 6)));
    const ours = new KMeans({ k: 4, init, tol: 0, algorithm: 'lloyd' }).fit(x);
    const theirs = mlKMeans(matrixToRows(x), 4, {
      initialization: init,
      tolerance: 0,
      maxIterations: 300,
    });
    expect(samePartition(ours.labels, theirs.clusters)).toBe(true);
    expect(maxScaledDiff(ours.centroids.data, theirs.centroids.flat())).toBeLessThan(1e-9);
  });
});

describe("backend: 'ml-kmeans'", () => {
  it('gives the same result as the native backend from the same centroids', () => {
    const x = wholesale();
    const init = [5, 50, 300].map((i) => Array.from(x.data.subarray(i * 6, i * 6 + 6)));
    const native = new KMeans({ k: 3, init, tol: 0 }).fit(x);
    const ml = new KMeans({ k: 3, init, tol: 0, backend: 'ml-kmeans' }).fit(x);
    expect(Array.from(ml.labels)).toEqual(Array.from(native.labels));
    expect(Math.abs(ml.inertia - native.inertia) / native.inertia).toBeLessThan(1e-9);
    expect(ml.learned.algorithm).toBe('ml-kmeans');
    // Round trip keeps the backend.
    expect(KMeans.fromJSON(JSON.stringify(ml)).params.backend).toBe('ml-kmeans');
  });

  it('runs k-means++ and nInit on our side, seeded', () => {
    const { x, truth } = blobs(1000, 3, 2, 0.5, 2);
    const a = new KMeans({ k: 3, nInit: 3, seed: 4, backend: 'ml-kmeans' }).fit(x);
    const b = new KMeans({ k: 3, nInit: 3, seed: 4, backend: 'ml-kmeans' }).fit(x);
    const native = new KMeans({ k: 3, nInit: 3, seed: 4 }).fit(x);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(samePartition(a.labels, truth)).toBe(true);
    expect(Array.from(a.labels)).toEqual(Array.from(native.labels));
  });

  it('takes no sample weights and no history', () => {
    expectError(
      () =>
        new KMeans({ k: 2, backend: 'ml-kmeans' }).fit(wholesale(), {
          sampleWeight: new Array(440).fill(2),
        }),
      'INVALID_INPUT',
    );
    expectError(
      () => new KMeans({ k: 2, backend: 'ml-kmeans', recordHistory: true }),
      'INVALID_OPTION',
    );
  });
});
