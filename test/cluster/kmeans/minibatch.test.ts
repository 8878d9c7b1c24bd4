/**
 * MiniBatchKMeans: close to full k-means at a fraction of the work, seeded, same contract.
 */
import { describe, expect, it } from 'vitest';
import { KMeans } from '../../../src/cluster/kmeans/kmeans.js';
import { MiniBatchKMeans } from '../../../src/cluster/kmeans/minibatch.js';
import { blobs, bytes, expectError, samePartition, wholesale } from './helpers.js';

describe('MiniBatchKMeans', () => {
  it('reaches an inertia within a few percent of full k-means on blobs', () => {
    const { x } = blobs(60_000, 8, 6, 2.5, 13);
    const full = new KMeans({ k: 8, seed: 0, nInit: 3 }).fit(x);
    const mini = new MiniBatchKMeans({ k: 8, seed: 0 }).fit(x);
    expect(mini.inertia / full.inertia).toBeLessThan(1.03);
    expect(mini.inertia / full.inertia).toBeGreaterThan(0.999);
    expect(mini.steps).toBeGreaterThan(0);
    expect(mini.learned.algorithm).toBe('mini-batch');
  });

  it('finds well-separated blobs exactly', () => {
    const { x, truth } = blobs(20_000, 5, 3, 0.6, 3);
    const mini = new MiniBatchKMeans({ k: 5, seed: 2, batchSize: 512 }).fit(x);
    expect(samePartition(mini.labels, truth)).toBe(true);
  });

  it('is reproducible bit for bit; different seeds differ', () => {
    const x = wholesale();
    const a = new MiniBatchKMeans({ k: 4, seed: 5, batchSize: 64 }).fit(x);
    const b = new MiniBatchKMeans({ k: 4, seed: 5, batchSize: 64 }).fit(x);
    const c = new MiniBatchKMeans({ k: 4, seed: 6, batchSize: 64 }).fit(x);
    expect(bytes(a.centroids.data)).toEqual(bytes(b.centroids.data));
    expect(bytes(a.labels)).toEqual(bytes(b.labels));
    expect(bytes(a.centroids.data)).not.toEqual(bytes(c.centroids.data));
  });

  it('labels and inertia describe all rows against the final centroids', () => {
    const x = wholesale();
    const mini = new MiniBatchKMeans({ k: 3, seed: 1, batchSize: 100 }).fit(x);
    expect(bytes(mini.predict(x))).toEqual(bytes(mini.labels));
    expect(mini.score(x)).toBeCloseTo(-mini.inertia, 9);
    expect(mini.transform(x)).toHaveLength(x.rows * 3);
    expect(new Set(mini.labels).size).toBe(3);
  });

  it('uses sample weights: a heavy point pulls its centroid', () => {
    const rows = [[0], [1], [2], [10], [11], [12]];
    const light = new MiniBatchKMeans({ k: 2, seed: 1, batchSize: 4 }).fit(rows);
    const heavy = new MiniBatchKMeans({ k: 2, seed: 1, batchSize: 4 }).fit(rows, {
      sampleWeight: [1, 1, 50, 1, 1, 1],
    });
    const low = (m: MiniBatchKMeans): number => Math.min(...m.centroids.data);
    expect(low(heavy)).toBeGreaterThan(low(light));
    expect(low(heavy)).toBeGreaterThan(1.5);
  });

  it('edge cases: k = 1, k = n, k > distinct, NaN', () => {
    const rows = [
      [0, 0],
      [2, 0],
      [0, 2],
      [2, 2],
    ];
    const one = new MiniBatchKMeans({ k: 1, seed: 0, batchSize: 2 }).fit(rows);
    // A running mean of random batches: near the mean, not exactly it.
    expect(Math.abs((one.centroids.data[0] as number) - 1)).toBeLessThan(0.5);
    const all = new MiniBatchKMeans({ k: 4, seed: 0, batchSize: 4 }).fit(rows);
    expect(new Set(all.labels).size).toBe(4);
    expectError(() => new MiniBatchKMeans({ k: 5 }).fit(rows), 'INVALID_INPUT');
    expectError(
      () =>
        new MiniBatchKMeans({ k: 2 }).fit([
          [0, NaN],
          [1, 1],
          [2, 2],
        ]),
      'INVALID_INPUT',
    );
    expectError(() => new MiniBatchKMeans({ k: 2, batchSize: 0 }), 'INVALID_OPTION');
    expectError(() => new MiniBatchKMeans({ k: 2, reassignmentRatio: -1 }), 'INVALID_OPTION');
  });

  it('round-trips through JSON', () => {
    const x = wholesale();
    const mini = new MiniBatchKMeans({ k: 4, seed: 3, batchSize: 128, initSize: 300 }).fit(x);
    const copy = MiniBatchKMeans.fromJSON(JSON.stringify(mini.toJSON()));
    expect(copy.params).toEqual(mini.params);
    expect(copy.learned).toEqual(mini.learned);
    expect(copy.steps).toBe(mini.steps);
    expect(JSON.stringify(copy.toJSON())).toBe(JSON.stringify(mini.toJSON()));
    expectError(
      () => MiniBatchKMeans.fromJSON(JSON.stringify(new KMeans({ k: 4 }).fit(x))),
      'INVALID_MODEL',
    );
  });
});
