/**
 * The E step of a Gaussian mixture, as scikit-learn 1.2.1 computes it: weighted log
 * densities of every row under every component, their log-sum-exp, the responsibilities.
 * Shapes as in `gaussian.ts`.
 *
 * @module
 */
import type { Matrix } from '../kmeans/matrix.js';
import type { CovarianceType } from './gaussian.js';
import { MAX_UNROLLED_FEATURES, diagonalKernel, mahalanobisKernel } from './kernels.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Log-determinant of each component's precision factor (k values). */
function logDetCholesky(
  prec: Float64Array,
  type: CovarianceType,
  k: number,
  d: number,
): Float64Array {
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    if (type === 'full' || type === 'tied') {
      const base = type === 'full' ? j * d * d : 0;
      for (let t = 0; t < d; t++) s += Math.log(prec[base + t * d + t] as number);
    } else if (type === 'diag') {
      for (let t = 0; t < d; t++) s += Math.log(prec[j * d + t] as number);
    } else s = d * Math.log(prec[j] as number);
    out[j] = s;
  }
  return out;
}

/**
 * `log N(x | μ_j, Σ_j) + log π_j` for every row and component, n × k (scikit-learn's
 * `_estimate_weighted_log_prob`).
 */
export function weightedLogProb(
  x: Matrix,
  weights: Float64Array,
  means: Float64Array,
  prec: Float64Array,
  type: CovarianceType,
  into?: Float64Array,
): Float64Array {
  const { rows: n, cols: d, data: X } = x;
  const k = weights.length;
  const logDet = logDetCholesky(prec, type, k, d);
  const constant = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    constant[j] = (logDet[j] as number) + Math.log(weights[j] as number);
  }
  const half = d * LOG_2PI;
  // Every cell is written below, so a buffer of an earlier iteration can be reused: EM
  // would otherwise take n × k fresh pages per iteration (slow to fault in on this VM).
  const out = into !== undefined && into.length === n * k ? into : new Float64Array(n * k);
  // One loop per shape, component-major, so each component's parameters stay in registers.
  for (let j = 0; j < k; j++) {
    const mu = j * d;
    const c = constant[j] as number;
    if (type === 'diag' && d <= MAX_UNROLLED_FEATURES) {
      diagonalKernel(d)(X, n, means, mu, prec, mu, out, k, j, half, c);
    } else if (type === 'diag' || type === 'spherical') {
      for (let i = 0; i < n; i++) {
        const row = i * d;
        let q = 0;
        for (let t = 0; t < d; t++) {
          const p = type === 'diag' ? (prec[mu + t] as number) : (prec[j] as number);
          const y = ((X[row + t] as number) - (means[mu + t] as number)) * p;
          q += y * y;
        }
        out[i * k + j] = -0.5 * (half + q) + c;
      }
    } else {
      const base = type === 'full' ? j * d * d : 0;
      mahalanobis(X, n, d, means, mu, prec, base, out, k, j, half, c);
    }
  }
  return out;
}

/**
 * Full and tied shapes: |(x − μ) P|² for every row. The factors computed from covariances
 * are upper triangular, so only the upper triangle is read then; given precisions have
 * lower factors and take the dense loop.
 */
function mahalanobis(
  X: Float64Array,
  n: number,
  d: number,
  means: Float64Array,
  mu: number,
  prec: Float64Array,
  base: number,
  out: Float64Array,
  k: number,
  j: number,
  half: number,
  c: number,
): void {
  let upper = true;
  for (let a = 1; a < d && upper; a++) {
    for (let b = 0; b < a; b++) if (prec[base + a * d + b] !== 0) upper = false;
  }
  if (d <= MAX_UNROLLED_FEATURES) {
    mahalanobisKernel(d, upper)(X, n, means, mu, prec, base, out, k, j, half, c);
    return;
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let t = 0; t < d; t++) diff[t] = (X[row + t] as number) - (means[mu + t] as number);
    let q = 0;
    for (let col = 0; col < d; col++) {
      let y = 0;
      const last = upper ? col : d - 1;
      for (let a = 0; a <= last; a++)
        y += (diff[a] as number) * (prec[base + a * d + col] as number);
      q += y * y;
    }
    out[i * k + j] = -0.5 * (half + q) + c;
  }
}

/**
 * Turns weighted log densities (n × k) into log responsibilities in place and returns the
 * log-likelihood of each row (the row's log-sum-exp).
 */
export function normalizeLogProb(logProb: Float64Array, k: number): Float64Array {
  const n = logProb.length / k;
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logProb[base + j] as number);
    let s = 0;
    if (Number.isFinite(max))
      for (let j = 0; j < k; j++) s += Math.exp((logProb[base + j] as number) - max);
    const lse = Number.isFinite(max) ? Math.log(s) + max : max;
    norm[i] = lse;
    for (let j = 0; j < k; j++) logProb[base + j]! -= lse;
  }
  return norm;
}

/**
 * Like {@link normalizeLogProb}, but leaves the responsibilities themselves (not their logs)
 * in `logProb`: `exp(a − max) / Σ exp(a − max)`, one exponential per value.
 */
export function responsibilities(
  logProb: Float64Array,
  k: number,
  into?: Float64Array,
): Float64Array {
  const n = logProb.length / k;
  const norm = into !== undefined && into.length === n ? into : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logProb[base + j] as number);
    if (!Number.isFinite(max)) {
      // No component gives the row a finite density: scikit-learn's NaN responsibilities.
      norm[i] = max;
      for (let j = 0; j < k; j++) logProb[base + j] = NaN;
      continue;
    }
    let s = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp((logProb[base + j] as number) - max);
      logProb[base + j] = e;
      s += e;
    }
    norm[i] = Math.log(s) + max;
    for (let j = 0; j < k; j++) logProb[base + j]! /= s;
  }
  return norm;
}

/** Index of the largest value of each row of an n × k array (first among ties). */
export function argmaxRows(values: Float64Array, k: number): Int32Array {
  const n = values.length / k;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++)
      if ((values[i * k + j] as number) > (values[i * k + best] as number)) best = j;
    labels[i] = best;
  }
  return labels;
}
