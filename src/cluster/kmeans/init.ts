/**
 * Initial centroids: greedy k-means++ (scikit-learn's variant, weighted by sample weights),
 * k random distinct rows, or centroids given by the caller.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { ChunkRunner } from './chunk-runner.js';
import type { Matrix } from './matrix.js';
import type { KMeansInit } from './options.js';
import type { Xoshiro128 } from './random.js';

/** scikit-learn's number of local trials per k-means++ step: 2 + ⌊ln k⌋. */
export function localTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's local trials): the first
 * centroid is a row drawn with probability proportional to its weight; each next one is the
 * best of {@link localTrials} candidates drawn with probability proportional to weight ×
 * squared distance to the nearest centroid so far, "best" meaning the lowest resulting
 * potential (weighted sum of squared distances). All candidates of a step are evaluated in
 * one pass over the data. The runner must have been built with `seeding: true`. Returns
 * k × d centroids, row-major.
 */
export function kmeansPlusPlus(runner: ChunkRunner, k: number, rng: Xoshiro128): Float64Array {
  const v = runner.views;
  const { X, W, n, d, scalars, seedBuffers, seedCandidates, partial, stride } = v;
  const trials = seedCandidates.length;
  const centroids = new Float64Array(k * d);
  const cumulative = new Float64Array(n);
  const pots = new Float64Array(trials);
  // Which seed buffer holds the distances to the nearest centroid so far; the candidates'
  // distances go to the others, in order, so adopting a candidate's never copies.
  let closest = trials;
  const evaluate = (count: number): void => {
    scalars[6] = count;
    scalars[7] = closest;
    runner.run('seed');
    pots.fill(0);
    for (let c = 0; c < runner.chunks; c++) {
      for (let t = 0; t < count; t++) pots[t]! += partial[c * stride + t] as number;
    }
  };
  const adopt = (t: number): void => {
    closest = t < closest ? t : t + 1;
  };

  const first = drawIndex(cumulative, cumulate(W, null, cumulative), rng);
  centroids.set(X.subarray(first * d, first * d + d), 0);
  (seedBuffers[closest] as Float64Array).fill(Infinity);
  seedCandidates[0] = first;
  evaluate(1);
  adopt(0);

  for (let c = 1; c < k; c++) {
    let total = cumulate(W, seedBuffers[closest] as Float64Array, cumulative);
    // Every point is already a centroid (only with distances that underflow): draw by weight.
    if (!(total > 0)) total = cumulate(W, null, cumulative);
    for (let t = 0; t < trials; t++) seedCandidates[t] = drawIndex(cumulative, total, rng);
    evaluate(trials);
    let best = 0;
    for (let t = 1; t < trials; t++) if ((pots[t] as number) < (pots[best] as number)) best = t;
    const row = seedCandidates[best] as number;
    adopt(best);
    centroids.set(X.subarray(row * d, row * d + d), c * d);
  }
  return centroids;
}

/**
 * Fills `cumulative` with the running sum of `weights[i] × mass[i]` (of the weights alone when
 * `mass` is null) and returns the total.
 */
function cumulate(
  weights: Float64Array,
  mass: Float64Array | null,
  cumulative: Float64Array,
): number {
  const n = weights.length;
  let total = 0;
  if (mass === null) {
    for (let i = 0; i < n; i++) cumulative[i] = total += weights[i] as number;
  } else {
    for (let i = 0; i < n; i++)
      cumulative[i] = total += (weights[i] as number) * (mass[i] as number);
  }
  return total;
}

/**
 * A row index drawn with probability proportional to its share of the `cumulative` mass: the
 * first row whose running sum exceeds `u × total` (numpy's `searchsorted`, side 'right'), so
 * rows with zero mass are never picked. When rounding pushes the draw to the total, the last
 * row with positive mass is taken.
 */
function drawIndex(cumulative: Float64Array, total: number, rng: Xoshiro128): number {
  const n = cumulative.length;
  const r = rng.nextFloat() * total;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > r) hi = mid;
    else lo = mid + 1;
  }
  if (lo < n) return lo;
  let i = n - 1;
  while (i > 0 && cumulative[i - 1] === cumulative[i]) i--;
  return i;
}

/**
 * k distinct rows as initial centroids: uniformly (Floyd's algorithm, k draws) when all
 * weights are equal, otherwise with probability proportional to weight, without replacement
 * (Efraimidis–Spirakis keys). Rows with zero weight are never chosen.
 */
export function randomRows(
  x: Matrix,
  weights: Float64Array,
  k: number,
  rng: Xoshiro128,
): Float64Array {
  const { data, rows: n, cols: d } = x;
  const chosen = allEqual(weights) ? floyd(n, k, rng) : weightedSample(weights, k, rng);
  const centroids = new Float64Array(k * d);
  chosen.forEach((row, c) => centroids.set(data.subarray(row * d, row * d + d), c * d));
  return centroids;
}

function allEqual(weights: Float64Array): boolean {
  const w = weights[0];
  for (let i = 1; i < weights.length; i++) if (weights[i] !== w) return false;
  return true;
}

/** k distinct integers in [0, n), uniformly, in the order Floyd's algorithm adds them. */
function floyd(n: number, k: number, rng: Xoshiro128): number[] {
  const set = new Set<number>();
  const order: number[] = [];
  for (let j = n - k; j < n; j++) {
    const t = rng.nextInt(j + 1);
    const pick = set.has(t) ? j : t;
    set.add(pick);
    order.push(pick);
  }
  return order;
}

/** k indices drawn without replacement with probability ∝ weight: the k largest ln(u)/w. */
function weightedSample(weights: Float64Array, k: number, rng: Xoshiro128): number[] {
  const keys: { key: number; index: number }[] = [];
  for (let i = 0; i < weights.length; i++) {
    const u = rng.nextFloat();
    const w = weights[i] as number;
    if (!(w > 0)) continue;
    const key = Math.log(1 - u) / w; // 1 − u is in (0, 1]: the log is finite
    if (keys.length < k) {
      keys.push({ key, index: i });
      keys.sort((a, b) => b.key - a.key);
    } else if (key > (keys[k - 1] as { key: number }).key) {
      keys[k - 1] = { key, index: i };
      keys.sort((a, b) => b.key - a.key);
    }
  }
  return keys.map((entry) => entry.index);
}

/** The given centroids as k × d row-major values; `INVALID_INPUT` when their width is not d. */
export function givenCentroids(
  init: readonly (readonly number[])[],
  d: number,
  owner: string,
): Float64Array {
  const width = init[0]?.length ?? 0;
  if (width !== d) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the initial centroids have ${width} features but the data has ${d}`,
    );
  }
  const out = new Float64Array(init.length * d);
  init.forEach((row, c) => out.set(row, c * d));
  return out;
}

/** Initial centroids for one run, by the method in `init`. */
export function initialCentroids(
  init: KMeansInit,
  runner: ChunkRunner,
  x: Matrix,
  weights: Float64Array,
  k: number,
  rng: Xoshiro128,
  owner: string,
): Float64Array {
  if (init === 'k-means++') return kmeansPlusPlus(runner, k, rng);
  if (init === 'random') return randomRows(x, weights, k, rng);
  return givenCentroids(init, x.cols, owner);
}
