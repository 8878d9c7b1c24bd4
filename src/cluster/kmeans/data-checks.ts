/**
 * Checks and statistics of the training data that every k-means run needs before it starts:
 * sample weights, whether there are at least k distinct points, finiteness, and the variance
 * behind scikit-learn's data-dependent tolerance.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { CHUNK_ROWS } from './centers.js';
import type { ChunkRunner } from './chunk-runner.js';
import type { Kernels } from './kernels.js';
import { requireFinite, type Matrix } from './matrix.js';
import type { FirstPass } from './run.js';

/**
 * The sample weights as a new Float64Array of length `n`, or null when none are given (all
 * weights 1; callers allocate ones where they need an array). Weights must be finite and
 * ≥ 0 with a positive total; `INVALID_INPUT` naming the first bad row otherwise.
 */
export function checkWeights(
  sampleWeight: ArrayLike<number> | undefined,
  n: number,
  owner: string,
): Float64Array | null {
  if (sampleWeight === undefined) return null;
  if (typeof sampleWeight !== 'object' || sampleWeight === null) {
    throw new CohortlabError('INVALID_INPUT', `${owner}: sampleWeight must be an array of numbers`);
  }
  if (sampleWeight.length !== n) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: sampleWeight has ${sampleWeight.length} values for ${n} rows`,
    );
  }
  const weights = Float64Array.from(sampleWeight);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (!(w >= 0) || w === Infinity) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: sample weight ${String(sampleWeight[i])} is not a finite number >= 0`,
        { row: i + 1 },
      );
    }
    total += w;
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: sample weights must have a positive, finite total (got ${total})`,
    );
  }
  return weights;
}

/** The weights, or n ones when null. */
export function weightsOrOnes(weights: Float64Array | null, n: number): Float64Array {
  return weights ?? new Float64Array(n).fill(1);
}

/**
 * The number of distinct rows among those with positive weight, counting no further than
 * `limit` (the scan stops as soon as `limit` distinct rows are seen, so the usual case costs
 * a few rows). Rows are compared exactly, with 0 and −0 equal.
 */
export function countDistinctRows(x: Matrix, weights: Float64Array | null, limit: number): number {
  const { data, rows, cols } = x;
  const buckets = new Map<number, number[]>();
  let distinct = 0;
  for (let i = 0; i < rows && distinct < limit; i++) {
    if (weights !== null && !((weights[i] as number) > 0)) continue;
    const h = hashRow(data, i * cols, cols);
    const bucket = buckets.get(h);
    if (bucket === undefined) {
      buckets.set(h, [i]);
      distinct++;
    } else if (!bucket.some((r) => sameRow(data, r * cols, i * cols, cols))) {
      bucket.push(i);
      distinct++;
    }
  }
  return distinct;
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

function hashRow(data: Float64Array, offset: number, cols: number): number {
  let h = 0x811c9dc5;
  for (let t = 0; t < cols; t++) {
    scratch[0] = (data[offset + t] as number) + 0; // −0 + 0 is +0
    h = Math.imul(h ^ (scratchWords[0] as number), 0x01000193);
    h = Math.imul(h ^ (scratchWords[1] as number), 0x01000193);
  }
  return h >>> 0;
}

function sameRow(data: Float64Array, a: number, b: number, cols: number): boolean {
  for (let t = 0; t < cols; t++) if (data[a + t] !== data[b + t]) return false;
  return true;
}

/**
 * `INVALID_INPUT` unless the data has at least `k` distinct points (with positive weight):
 * k-means cannot place k centroids on fewer, and scikit-learn would silently return fewer
 * clusters.
 */
export function requireDistinct(
  x: Matrix,
  weights: Float64Array | null,
  k: number,
  owner: string,
): void {
  const distinct = countDistinctRows(x, weights, k);
  if (distinct < k) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: k = ${k} but the data has only ${distinct} distinct point${distinct === 1 ? '' : 's'}${
        distinct < x.rows ? ' (duplicate rows count once; zero-weight rows are ignored)' : ''
      }; use k <= ${distinct}`,
    );
  }
}

/**
 * The mean over features of the (population, unweighted) variance, which scikit-learn's
 * `_tolerance` multiplies `tol` by so that the stopping rule does not depend on the data's
 * scale. One pass of the `moments` kernel (sums shifted by the first row, which keeps the
 * one-pass variance accurate); it doubles as the finiteness check of the data: NaN or
 * ±Infinity make the sums non-finite, and {@link requireFinite} then names the first bad
 * value. `INVALID_INPUT` in that case. With a multi-threaded `runner` over the same data,
 * the pass runs on its threads (same sums, bit for bit).
 */
export function meanVariance(
  x: Matrix,
  kernels: Kernels,
  owner: string,
  runner?: ChunkRunner,
): number {
  const { data, rows, cols } = x;
  if (rows === 0) return 0;
  const sums = new Float64Array(2 * cols);
  if (
    runner !== undefined &&
    (runner.threads > 1 || runner.views.memory !== undefined) &&
    runner.layout.size >= 2 * cols
  ) {
    // On all of the runner's threads (this pass reads the whole data once, like a pass of
    // the fit), in WebAssembly where the data is in the fit's memory (arena.ts): the chunks'
    // moments land in their blocks and are added here in chunk order.
    runner.run('moments');
    const { partial } = runner.views;
    for (let c = 0; c < runner.chunks; c++) {
      const base = c * runner.layout.size;
      for (let t = 0; t < 2 * cols; t++) sums[t]! += partial[base + t] as number;
    }
  } else {
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      kernels.moments(data, start, Math.min(rows, start + CHUNK_ROWS), 0, sums);
    }
  }
  if (!sums.every(Number.isFinite)) {
    requireFinite(x, owner);
    return twoPassMeanVariance(x); // finite data whose squares overflow
  }
  let total = 0;
  for (let t = 0; t < cols; t++) {
    const mean = (sums[t] as number) / rows;
    const variance = (sums[cols + t] as number) / rows - mean * mean;
    total += variance > 0 ? variance : 0;
  }
  return total / cols;
}

/** The same by two plain passes (mean, then squared deviations). */
function twoPassMeanVariance(x: Matrix): number {
  const { data, rows, cols } = x;
  let total = 0;
  for (let t = 0; t < cols; t++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += (data[i * cols + t] as number) / rows;
    let ss = 0;
    for (let i = 0; i < rows; i++) ss += ((data[i * cols + t] as number) - mean) ** 2 / rows;
    total += ss;
  }
  return total / cols;
}

/**
 * {@link meanVariance} from what the first assignment pass of an unweighted fit already
 * summed, so that the fit needs no pass of its own for it: with counts nₗ, sums Sₗ and means
 * mₗ = Sₗ / nₗ of the clusters the pass formed around centroids cₗ, and μ the data's mean,
 *
 *   Σᵢ ‖xᵢ − μ‖² = inertia − Σₗ nₗ‖mₗ − cₗ‖² + Σₗ nₗ‖mₗ − μ‖²
 *
 * (within-cluster scatter about the means, plus between-cluster scatter). The subtraction
 * loses little when the centroids sit near their clusters' means, as k-means++ and random
 * rows do; when they do not (second term over half the inertia), when the data's mean is
 * more than 100 standard deviations from 0 (the sums' rounding then shows), or the pass did
 * not compute its inertia, this falls back to {@link meanVariance}'s pass — on the calling
 * thread, not the fit's runner: its chunk blocks hold the sums that bounds-based passes reuse
 * for chunks whose labels do not change. Non-finite sums mean NaN or
 * ±Infinity in the data (every row is added to some cluster): `INVALID_INPUT` naming the
 * value, as {@link meanVariance} reports it.
 */
export function firstPassVariance(
  x: Matrix,
  pass: FirstPass,
  kernels: Kernels,
  owner: string,
): number {
  const { rows, cols } = x;
  const { centroids, acc, inertia } = pass;
  const { sums, weights: counts } = acc;
  if (!sums.every(Number.isFinite) || !Number.isFinite(inertia)) {
    return meanVariance(x, kernels, owner);
  }
  const k = counts.length;
  const mean = new Float64Array(cols);
  for (let j = 0; j < k; j++) {
    for (let t = 0; t < cols; t++) mean[t]! += sums[j * cols + t] as number;
  }
  for (let t = 0; t < cols; t++) mean[t]! /= rows;
  let offCentre = 0;
  let between = 0;
  for (let j = 0; j < k; j++) {
    const count = counts[j] as number;
    if (count === 0) continue;
    for (let t = 0; t < cols; t++) {
      const clusterMean = (sums[j * cols + t] as number) / count;
      offCentre += count * (clusterMean - (centroids[j * cols + t] as number)) ** 2;
      between += count * (clusterMean - (mean[t] as number)) ** 2;
    }
  }
  const total = inertia - offCentre + between;
  let centre = 0;
  for (let t = 0; t < cols; t++) centre += (mean[t] as number) ** 2;
  if (
    !(offCentre <= 0.5 * inertia) ||
    !Number.isFinite(total) ||
    !(total >= 0) ||
    // The sums carry rounding error relative to the data's magnitude, the result's error
    // grows with how far the data sits from 0 in standard deviations: past 100, the pass
    // (shifted by a row) is the accurate one.
    !(centre * rows <= 1e4 * total)
  ) {
    return meanVariance(x, kernels, owner);
  }
  return total / rows / cols;
}
