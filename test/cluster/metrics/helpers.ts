/**
 * Shared helpers of the cluster metric tests: the scikit-learn fixture, small matrices,
 * a deterministic stand-in clustering function, error assertions.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { CohortlabError, type ErrorCode } from '../../../src/errors/cohortlab-error.js';
import type { MatrixLike } from '../../../src/cluster/metrics/matrix-like.js';

/** One labelling of an internal-metric data set, with scikit-learn's values. */
export interface LabellingFixture {
  name: string;
  labels: number[];
  silhouetteSamples: number[];
  silhouetteScore: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  wcss: number;
}

/** A data set of the fixture. */
export interface DatasetFixture {
  name: string;
  rows: number;
  cols: number;
  x: number[];
  labelings: LabellingFixture[];
}

/** test/fixtures/cluster/metrics.json, written by scripts/fixtures/cluster_metrics.py. */
export interface MetricsFixture {
  sklearn: string;
  wholesaleKMeansInertia: Record<string, number>;
  internal: DatasetFixture[];
  ari: { name: string; a: number[]; b: number[]; ari: number }[];
}

let cached: MetricsFixture | undefined;

/** The parsed fixture (read once). */
export function fixture(): MetricsFixture {
  cached ??= JSON.parse(
    readFileSync(new URL('../../fixtures/cluster/metrics.json', import.meta.url), 'utf8'),
  ) as MetricsFixture;
  return cached;
}

/** The fixture data set as a matrix. */
export function datasetMatrix(dataset: DatasetFixture): MatrixLike {
  return { data: Float64Array.from(dataset.x), rows: dataset.rows, cols: dataset.cols };
}

/** A matrix from rows of numbers. */
export function matrix(rows: readonly (readonly number[])[]): MatrixLike {
  const cols = rows[0]?.length ?? 1;
  return { data: Float64Array.from(rows.flat()), rows: rows.length, cols };
}

/**
 * A deterministic clustering for tests of the k-choosing tools: Lloyd iterations from k
 * rows picked by the seed. Small and slow, independent of src/cluster/kmeans.
 */
export function tinyKMeans(data: MatrixLike, k: number, seed: number): Int32Array {
  const { rows, cols } = data;
  const x = data.data;
  const centers = new Float64Array(k * cols);
  let state = (seed ^ 0x5bd1e995) >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const picked = new Set<number>();
  while (picked.size < k) picked.add(next() % rows);
  [...picked].forEach((row, c) => centers.set(x.subarray(row * cols, row * cols + cols), c * cols));
  const labels = new Int32Array(rows);
  for (let iter = 0; iter < 100; iter++) {
    let changed = false;
    for (let i = 0; i < rows; i++) {
      let best = 0;
      let bestDist = Infinity;
      for (let c = 0; c < k; c++) {
        let ss = 0;
        for (let j = 0; j < cols; j++)
          ss += ((x[i * cols + j] as number) - (centers[c * cols + j] as number)) ** 2;
        if (ss < bestDist) {
          bestDist = ss;
          best = c;
        }
      }
      if (labels[i] !== best || iter === 0) changed = true;
      labels[i] = best;
    }
    if (!changed) break;
    const sums = new Float64Array(k * cols);
    const counts = new Float64Array(k);
    for (let i = 0; i < rows; i++) {
      const c = labels[i] as number;
      counts[c]!++;
      for (let j = 0; j < cols; j++) sums[c * cols + j]! += x[i * cols + j] as number;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      for (let j = 0; j < cols; j++)
        centers[c * cols + j] = (sums[c * cols + j] as number) / (counts[c] as number);
    }
  }
  return labels;
}

/** {@link tinyKMeans} with the best (lowest within sum of squares) of 5 starts. */
export function kMeansBestOf5(x: MatrixLike, k: number, seed: number): Int32Array {
  let best: Int32Array = new Int32Array(x.rows);
  let bestCost = Infinity;
  for (let s = 0; s < 5; s++) {
    const labels = tinyKMeans(x, k, seed * 5 + s);
    const cost = wcss(x, labels, k);
    if (cost < bestCost) {
      bestCost = cost;
      best = labels;
    }
  }
  return best;
}

function wcss(x: MatrixLike, labels: Int32Array, k: number): number {
  const { cols } = x;
  const sums = new Float64Array(k * cols);
  const counts = new Float64Array(k);
  labels.forEach((c, i) => {
    counts[c]!++;
    for (let j = 0; j < cols; j++) sums[c * cols + j]! += x.data[i * cols + j] as number;
  });
  let total = 0;
  labels.forEach((c, i) => {
    for (let j = 0; j < cols; j++) {
      const mean = (sums[c * cols + j] as number) / (counts[c] as number);
      total += ((x.data[i * cols + j] as number) - mean) ** 2;
    }
  });
  return total;
}

/** Points around the given centres (Box–Muller from a seeded LCG), with their true labels. */
export function blobs(
  centres: readonly (readonly number[])[],
  perCluster: number,
  spread: number,
  seed: number,
): { x: MatrixLike; labels: Int32Array } {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const cols = (centres[0] as readonly number[]).length;
  const rows = centres.length * perCluster;
  const data = new Float64Array(rows * cols);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % centres.length;
    labels[i] = c;
    for (let j = 0; j < cols; j++) {
      const gauss = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      data[i * cols + j] = ((centres[c] as readonly number[])[j] as number) + spread * gauss;
    }
  }
  return { x: { data, rows, cols }, labels };
}

/** Largest |a - b| over two equally long arrays. */
export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  }
  return worst;
}

/** Asserts `fn` throws a CohortlabError with `code`; returns it. */
export function expectError(fn: () => unknown, code: ErrorCode): CohortlabError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CohortlabError);
  expect((caught as CohortlabError).code).toBe(code);
  return caught as CohortlabError;
}
