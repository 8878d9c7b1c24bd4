/**
 * Worker threads and generated kernels never change a result: parallel fits equal serial ones
 * bit for bit, and the unrolled loops equal the generic ones.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkRunner } from '../../../src/cluster/kmeans/chunk-runner.js';
import { accumulatorLayout, kernelsFor } from '../../../src/cluster/kmeans/kernels.js';
import { KMeans, type KMeansAlgorithm } from '../../../src/cluster/kmeans/kmeans.js';
import { shutdownKMeansWorkers } from '../../../src/cluster/kmeans/pool.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';
import { blobs, bytes } from './helpers.js';

afterAll(async () => {
  await shutdownKMeansWorkers();
});

describe('worker threads', () => {
  const { x } = blobs(40_000, 6, 5, 4, 77);

  it('start and run the steps (the main thread plus one worker)', () => {
    const kernels = kernelsFor(x.cols);
    const runner = new ChunkRunner(x, new Float64Array(x.rows).fill(1), 6, kernels, {
      bounds: 'hamerly',
      seeding: true,
      threads: 2,
    });
    try {
      expect(runner.threads).toBe(2);
      runner.views.C.set(x.data.subarray(0, 6 * x.cols));
      runner.views.labels.fill(-1);
      runner.views.scalars[0] = 1;
      runner.run('lloyd');
      const { changed } = runner.collect(null);
      expect(changed).toBe(x.rows);
    } finally {
      runner.close();
    }
  });

  it.each<KMeansAlgorithm>(['lloyd', 'elkan', 'hamerly'])(
    '%s: 2 threads give bit-identical results to 1',
    (algorithm) => {
      const fit = (threads: number): KMeans =>
        new KMeans({ k: 6, nInit: 2, seed: 5, algorithm, threads, recordHistory: true }).fit(x);
      const serial = fit(1);
      const parallel = fit(2);
      expect(bytes(parallel.centroids.data)).toEqual(bytes(serial.centroids.data));
      expect(bytes(parallel.labels)).toEqual(bytes(serial.labels));
      expect(parallel.inertia).toBe(serial.inertia);
      expect(parallel.iterations).toBe(serial.iterations);
      expect(parallel.learned.inertiaHistory).toEqual(serial.learned.inertiaHistory);
    },
  );

  it('weighted fits are identical too', () => {
    const sampleWeight = Array.from({ length: x.rows }, (_, i) => 0.5 + (i % 4));
    const serial = new KMeans({ k: 6, nInit: 1, seed: 1, threads: 1 }).fit(x, { sampleWeight });
    const parallel = new KMeans({ k: 6, nInit: 1, seed: 1, threads: 3 }).fit(x, { sampleWeight });
    expect(bytes(parallel.centroids.data)).toEqual(bytes(serial.centroids.data));
    expect(parallel.inertia).toBe(serial.inertia);
  });
});

describe('generated kernels', () => {
  it.each([1, 2, 3, 5, 8, 13, 70])('d = %i: unrolled and generic loops agree bit for bit', (d) => {
    const n = 500;
    const k = 7;
    const rng = new Xoshiro128(d);
    const X = Float64Array.from({ length: n * d }, () => rng.nextFloat() * 10 - 5);
    const W = Float64Array.from({ length: n }, () => rng.nextFloat() * 3);
    const C = Float64Array.from({ length: k * d }, () => rng.nextFloat() * 10 - 5);
    const fast = kernelsFor(d);
    const slow = kernelsFor(d, false);
    expect(fast.sources !== undefined).toBe(d <= 64);
    const layout = accumulatorLayout(k, d);
    const run = (kernels: typeof fast): (Float64Array | Int32Array)[] => {
      const acc = new Float64Array(layout.size * 2);
      const labels = new Int32Array(n).fill(-1);
      kernels.assignSums(X, W, C, k, labels, 0, 250, acc, 0);
      kernels.assign(X, W, C, k, labels, 250, n, acc, layout.size);
      const two = new Float64Array(3 * n);
      const out = new Float64Array(2);
      for (let i = 0; i < n; i++) {
        two[3 * i] = kernels.nearestTwo(X, i, C, k, out);
        two[3 * i + 1] = out[0] as number;
        two[3 * i + 2] = out[1] as number;
      }
      // k-means++: three candidates, the current distances in buffer 1.
      const buffers = [0, 1, 2, 3].map(() => new Float64Array(n));
      buffers[1] = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? Infinity : i / 10));
      const pots = new Float64Array(5);
      kernels.seedDistances(X, W, 0, n, Int32Array.from([17, 3, 250]), 3, buffers, 1, pots, 2);
      return [acc, labels, two, ...buffers, pots];
    };
    const a = run(fast);
    const b = run(slow);
    for (let t = 0; t < a.length; t++) {
      expect(bytes(a[t] as Float64Array)).toEqual(bytes(b[t] as Float64Array));
    }
    for (let i = 0; i < n; i += 11) {
      for (let j = 0; j < k; j++) expect(fast.sqdist(X, i, C, j)).toBe(slow.sqdist(X, i, C, j));
    }
    // Inertia and moments.
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % k);
    expect(fast.inertia(X, W, C, labels, 3, n)).toBe(slow.inertia(X, W, C, labels, 3, n));
    const m1 = new Float64Array(2 * d);
    const m2 = new Float64Array(2 * d);
    fast.moments(X, 0, n, d, m1);
    slow.moments(X, 0, n, d, m2);
    expect(bytes(m1)).toEqual(bytes(m2));
    // Hamerly and Elkan passes: a first pass, centroids move, a second pass.
    const bounded = (kernels: typeof fast, elkan: boolean): Float64Array[] => {
      const labels2 = new Int32Array(n).fill(-1);
      const upper = new Float64Array(n);
      const lower = new Float64Array(elkan ? n * k : n);
      const half = new Float64Array(k);
      const between = new Float64Array(k * k);
      const shift = new Float64Array(k);
      const scalars = new Float64Array(9);
      const acc = new Float64Array(layout.size);
      const centroids = Float64Array.from(C);
      const halves = (): void => {
        half.fill(Infinity);
        for (let p = 0; p < k; p++) {
          for (let q = 0; q < k; q++) {
            if (p === q) continue;
            const h = 0.5 * Math.sqrt(kernels.sqdist(centroids, p, centroids, q));
            between[p * k + q] = h;
            if (h < (half[p] as number)) half[p] = h;
          }
        }
      };
      const pass = (): void => {
        if (elkan) {
          kernels.elkan(
            X,
            W,
            centroids,
            k,
            labels2,
            upper,
            lower,
            half,
            between,
            shift,
            scalars,
            0,
            n,
            acc,
            0,
          );
        } else {
          const kernel = scalars[1] === 1 ? kernels.hamerlyInit : kernels.hamerly;
          kernel(X, W, centroids, k, labels2, upper, lower, half, shift, scalars, 0, n, acc, 0);
        }
      };
      halves();
      scalars[0] = 1;
      scalars[1] = 1;
      pass();
      const first = Float64Array.from(acc);
      // Move every centroid a little, then run the update pass.
      for (let j = 0; j < k; j++) {
        shift[j] = 0.05 * (j + 1) * Math.sqrt(d);
        for (let t = 0; t < d; t++)
          centroids[j * d + t] = (centroids[j * d + t] as number) + 0.05 * (j + 1);
      }
      scalars[1] = 0;
      scalars[2] = shift[k - 1] as number;
      scalars[3] = shift[k - 2] as number;
      scalars[4] = k - 1;
      scalars[5] = 1;
      halves();
      acc.fill(0);
      pass();
      return [first, Float64Array.from(acc), Float64Array.from(labels2), upper, lower];
    };
    for (const elkan of [false, true]) {
      const p = bounded(fast, elkan);
      const q = bounded(slow, elkan);
      for (let t = 0; t < p.length; t++)
        expect(bytes(p[t] as Float64Array)).toEqual(bytes(q[t] as Float64Array));
      // The labels after the update pass are the true nearest centroids.
      const check = new Int32Array(n).fill(-1);
      const moved = Float64Array.from(C, (v, idx) => v + 0.05 * (Math.floor(idx / d) + 1));
      slow.assign(X, W, moved, k, check, 0, n, new Float64Array(layout.size), 0);
      expect(Array.from(p[2] as Float64Array)).toEqual(Array.from(check));
    }
  });
});
