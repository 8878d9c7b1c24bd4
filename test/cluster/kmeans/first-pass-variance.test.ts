/**
 * The tolerance's variance taken from the first assignment pass (`firstPassVariance`): equal
 * to the data's mean variance computed independently, the fallback to a pass of its own when
 * the initial centroids are far from their clusters, and bad data still refused with the
 * feature and row named, by every algorithm and thread count.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { emptySums } from '../../../src/cluster/kmeans/centers.js';
import { firstPassVariance, meanVariance } from '../../../src/cluster/kmeans/data-checks.js';
import { kernelsFor } from '../../../src/cluster/kmeans/kernels.js';
import { KMeans, type KMeansAlgorithm } from '../../../src/cluster/kmeans/kmeans.js';
import { createMatrix, type Matrix } from '../../../src/cluster/kmeans/matrix.js';
import { shutdownKMeansWorkers } from '../../../src/cluster/kmeans/pool.js';
import type { FirstPass } from '../../../src/cluster/kmeans/run.js';
import { blobs, expectError, wholesale } from './helpers.js';

afterAll(async () => {
  await shutdownKMeansWorkers();
});

/** A plain Lloyd assignment of every row to `centroids`, summed like a fit's first pass. */
function lloydPass(x: Matrix, centroids: Float64Array): FirstPass {
  const { data, rows, cols } = x;
  const k = centroids.length / cols;
  const acc = emptySums(k, cols);
  let inertia = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let j = 0; j < k; j++) {
      let distance = 0;
      for (let t = 0; t < cols; t++) {
        distance += ((data[i * cols + t] as number) - (centroids[j * cols + t] as number)) ** 2;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = j;
      }
    }
    inertia += bestDistance;
    acc.weights[best]! += 1;
    for (let t = 0; t < cols; t++) acc.sums[best * cols + t]! += data[i * cols + t] as number;
  }
  return { centroids, acc, inertia };
}

/** Mean over features of the population variance, by two plain passes. */
function twoPassVariance(x: Matrix): number {
  const { data, rows, cols } = x;
  let total = 0;
  for (let t = 0; t < cols; t++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += data[i * cols + t] as number;
    mean /= rows;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += ((data[i * cols + t] as number) - mean) ** 2;
    total += squares / rows;
  }
  return total / cols;
}

const rowsOf = (x: Matrix, indices: number[]): Float64Array => {
  const out = new Float64Array(indices.length * x.cols);
  indices.forEach((i, j) => out.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), j * x.cols));
  return out;
};

describe('firstPassVariance', () => {
  it('equals the mean variance from the sums and inertia of the first pass', () => {
    const cases: [string, Matrix, number[]][] = [
      ['wholesale, k = 2', wholesale(), [0, 1]],
      ['wholesale, k = 8', wholesale(), [0, 5, 17, 40, 99, 150, 300, 439]],
      ['blobs', blobs(20_000, 6, 5, 1.5, 3).x, [1, 7, 100, 1000, 4000, 19_999]],
    ];
    // Features away from zero (50 standard deviations), tight clusters.
    const shifted = blobs(5_000, 3, 4, 0.01, 9).x;
    const sd = Math.sqrt(twoPassVariance(shifted));
    const offset = Float64Array.from(shifted.data, (value) => value + 50 * sd);
    cases.push(['shifted by 50 sd', { ...shifted, data: offset }, [0, 1, 2]]);
    for (const [name, x, initRows] of cases) {
      const pass = lloydPass(x, rowsOf(x, initRows));
      const variance = firstPassVariance(x, pass, kernelsFor(x.cols), 'test');
      const expected = twoPassVariance(x);
      expect(Math.abs(variance - expected) / expected, name).toBeLessThan(1e-12);
    }
  });

  it('falls back to a pass over the data when the centroids are far from their clusters', () => {
    const x = blobs(3_000, 3, 4, 1, 5).x;
    const far = rowsOf(x, [0, 1, 2]).map((value) => value + 1e4);
    const pass = lloydPass(x, far);
    const kernels = kernelsFor(x.cols);
    const variance = firstPassVariance(x, pass, kernels, 'test');
    expect(Object.is(variance, meanVariance(x, kernels, 'test'))).toBe(true);
    // Data far from 0 (1e6, spread about 6): the sums' rounding would show; the pass is exact.
    const shifted = { ...x, data: Float64Array.from(x.data, (value) => value + 1e6) };
    const near = firstPassVariance(
      shifted,
      lloydPass(shifted, rowsOf(shifted, [0, 1, 2])),
      kernels,
      'test',
    );
    expect(Object.is(near, meanVariance(shifted, kernels, 'test'))).toBe(true);
    expect(Math.abs(near - twoPassVariance(shifted)) / near).toBeLessThan(1e-12);
    // And when the step did not compute the pass's inertia (Elkan's passes).
    const noInertia = { ...lloydPass(x, rowsOf(x, [0, 1, 2])), inertia: NaN };
    expect(Object.is(firstPassVariance(x, noInertia, kernels, 'test'), variance)).toBe(true);
  });

  it('refuses non-finite data found by the pass, naming the feature and row', () => {
    const x = wholesale();
    const data = Float64Array.from(x.data);
    data[12 * 6 + 4] = -Infinity;
    const bad = { ...x, data };
    const pass = lloydPass(bad, rowsOf(bad, [0, 1, 2]));
    const error = expectError(
      () => firstPassVariance(bad, pass, kernelsFor(6), 'test'),
      'INVALID_INPUT',
    );
    expect(error.row).toBe(13);
    expect(error.column).toBe(x.names?.[4]);
  });
});

describe('KMeans.fit on bad data, without a variance pass before the runs', () => {
  const algorithms: KMeansAlgorithm[] = ['lloyd', 'elkan', 'hamerly', 'auto'];

  it('names the first NaN or Infinity for every algorithm, init and thread count', () => {
    const { x } = blobs(40_000, 4, 8, 1, 11);
    const shared = createMatrix(x.rows, x.cols);
    shared.data.set(x.data);
    shared.data[31_234 * 8 + 6] = NaN;
    shared.data[35_000 * 8 + 1] = Infinity;
    const init = [0, 1, 2, 3].map((i) => [...x.data.subarray(i * 8, i * 8 + 8)]);
    for (const algorithm of algorithms) {
      for (const threads of [1, 2]) {
        for (const start of ['k-means++', 'random', init] as const) {
          const label = `${algorithm} ${threads} ${typeof start === 'string' ? start : 'given'}`;
          const error = expectError(
            () => new KMeans({ k: 4, algorithm, threads, init: start, nInit: 1 }).fit(shared),
            'INVALID_INPUT',
          );
          expect(error.row, label).toBe(31_235);
          expect(error.message, label).toMatch(/feature 6 .* is NaN at row 31235/);
        }
      }
    }
  });

  it('reports non-finite values before too few distinct points', () => {
    const x = [
      [1, 2],
      [1, 2],
      [NaN, 2],
    ];
    const error = expectError(() => new KMeans({ k: 5 }).fit(x), 'INVALID_INPUT');
    expect(error.message).toMatch(/is NaN at row 3/);
  });

  it('falls back without disturbing the sums a fit keeps between passes', () => {
    // Data 1e5 from 0 (far beyond 100 standard deviations) and far-off initial centroids: the
    // variance comes from a pass of its own after the first assignment; Hamerly's and Elkan's
    // later passes, which keep unchanged chunks' sums, must still give Lloyd's fit.
    for (const [name, spread, offset, shift] of [
      ['far from 0, separated', 1, 1e5, 0],
      ['far from 0, overlapping', 5, 1e5, 0],
      ['far centroids, separated', 1, 0, 40],
      ['far centroids, overlapping', 5, 0, 40],
    ] as const) {
      const { x } = blobs(60_000, 5, 6, spread, 31);
      const shared = createMatrix(x.rows, x.cols);
      for (let p = 0; p < x.data.length; p++) shared.data[p] = (x.data[p] as number) + offset;
      const plain = { ...shared, data: Float64Array.from(shared.data) };
      const init = [0, 1, 2, 3, 4].map((i) =>
        [...shared.data.subarray(i * 6, i * 6 + 6)].map((value) => value + shift),
      );
      for (const data of [plain, shared]) {
        for (const threads of [1, 2]) {
          const options = { k: 5, init, threads, maxIter: 50 };
          const lloyd = new KMeans({ ...options, algorithm: 'lloyd' }).fit(data);
          for (const algorithm of ['elkan', 'hamerly'] as const) {
            const other = new KMeans({ ...options, algorithm }).fit(data);
            const label = `${name}, ${algorithm}, ${threads} thread(s)`;
            expect(other.iterations, label).toBe(lloyd.iterations);
            expect(Object.is(other.inertia, lloyd.inertia), label).toBe(true);
            expect(Buffer.from(other.centroids.data.buffer), label).toEqual(
              Buffer.from(lloyd.centroids.data.buffer),
            );
          }
        }
      }
    }
  });

  it('gives the fits of finite data the same results with one thread or two', () => {
    const { x } = blobs(30_000, 5, 6, 2, 21);
    for (const algorithm of algorithms) {
      const one = new KMeans({ k: 5, algorithm, threads: 1, seed: 4, nInit: 2 }).fit(x);
      const two = new KMeans({ k: 5, algorithm, threads: 2, seed: 4, nInit: 2 }).fit(x);
      expect(Object.is(one.inertia, two.inertia), algorithm).toBe(true);
      expect(one.iterations, algorithm).toBe(two.iterations);
      expect(Buffer.compare(Buffer.from(one.labels.buffer), Buffer.from(two.labels.buffer))).toBe(
        0,
      );
    }
  });
});
