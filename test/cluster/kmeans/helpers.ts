/**
 * Shared helpers of the k-means tests: the scikit-learn fixture, seeded synthetic blobs,
 * error and bit-equality assertions.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Matrix } from '../../../src/cluster/kmeans/matrix.js';
import { Xoshiro128 } from '../../../src/cluster/kmeans/random.js';
import { CohortlabError, type ErrorCode } from '../../../src/errors/cohortlab-error.js';

/** One same-init run of scikit-learn. */
export interface SklearnRun {
  labels: number[];
  inertia: number;
  nIter: number;
  centroids: number[][];
}

/** A same-init parity case of the fixture. */
export interface SameInitCase {
  name: string;
  k: number;
  init: number[][];
  sampleWeight: number[] | null;
  tol: number;
  maxIter: number;
  lloyd: SklearnRun;
  elkan: SklearnRun;
}

/** test/fixtures/cluster/kmeans-wholesale.json (written by scripts/fixtures/kmeans.py). */
export interface WholesaleFixture {
  sklearn: string;
  features: string[];
  rows: number;
  cols: number;
  data: number[];
  best: { k: number; inertia: number; issue: number; singleRunMean: number }[];
  sameInit: SameInitCase[];
}

let cached: WholesaleFixture | undefined;

/** The parsed wholesale fixture. */
export function wholesaleFixture(): WholesaleFixture {
  cached ??= JSON.parse(
    readFileSync(new URL('../../fixtures/cluster/kmeans-wholesale.json', import.meta.url), 'utf8'),
  ) as WholesaleFixture;
  return cached;
}

/** The wholesale spend matrix (log1p, z-scored), with feature names. */
export function wholesale(): Matrix {
  const f = wholesaleFixture();
  return { data: Float64Array.from(f.data), rows: f.rows, cols: f.cols, names: f.features };
}

/** Seeded Gaussian blobs: `k` centres uniform in [−10, 10]^d, `std` around each. */
export function blobs(
  n: number,
  k: number,
  d: number,
  std: number,
  seed: number,
): { x: Matrix; truth: Int32Array; centers: Float64Array } {
  const rng = new Xoshiro128(seed);
  const centers = new Float64Array(k * d);
  for (let t = 0; t < centers.length; t++) centers[t] = rng.nextFloat() * 20 - 10;
  const data = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth[i] = c;
    for (let t = 0; t < d; t++) {
      // Box–Muller; 1 − u keeps the log finite.
      const u = 1 - rng.nextFloat();
      const v = rng.nextFloat();
      const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      data[i * d + t] = (centers[c * d + t] as number) + std * g;
    }
  }
  return { x: { data, rows: n, cols: d }, truth, centers };
}

/** Asserts that `fn` throws a CohortlabError with `code`; returns it. */
export function expectError(fn: () => unknown, code: ErrorCode): CohortlabError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CohortlabError);
  const error = caught as CohortlabError;
  expect(error.code).toBe(code);
  return error;
}

/** The bytes of a typed array, for bit-for-bit comparisons (0 vs −0, NaN payloads). */
export function bytes(array: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength).slice();
}

/** True when two labellings are the same partition up to renaming the clusters. */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return false;
    forward.set(x, y);
    backward.set(y, x);
  }
  return true;
}

/** Largest |a − b| / max(1, |b|) over two arrays of equal length. */
export function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return worst;
}
