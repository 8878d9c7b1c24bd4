/**
 * The arithmetic of a Gaussian mixture, as scikit-learn 1.2.1 does it: the M step (weights,
 * means and covariances from responsibilities) and the Cholesky factors of the precisions
 * (the E step is in `log-prob.ts`).
 *
 * Shapes (all row-major float64): means k × d; covariances and precision factors k × d × d
 * (`'full'`), d × d (`'tied'`), k × d (`'diag'`), k (`'spherical'`). A precision factor `P`
 * satisfies `P Pᵀ = Σ⁻¹`, so the squared Mahalanobis distance is `|(x − μ) P|²`.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { Matrix } from '../kmeans/matrix.js';
import { MAX_UNROLLED_FEATURES, momentsKernel, scatterKernel } from './kernels.js';

/** How the covariance of each component is shaped (scikit-learn's `covariance_type`). */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** Numbers in the covariance (or precision factor) array for `k` components, `d` features. */
export function covarianceSize(type: CovarianceType, k: number, d: number): number {
  switch (type) {
    case 'full':
      return k * d * d;
    case 'tied':
      return d * d;
    case 'diag':
      return k * d;
    case 'spherical':
      return k;
  }
}

/** What the M step estimates. */
export interface GaussianParameters {
  /** Responsibility mass of each component (+ 10 ε, as scikit-learn, so none is 0). */
  readonly nk: Float64Array;
  /** k × d means. */
  readonly means: Float64Array;
  /** Covariances, shaped by the type (see the module comment), `regCovar` added. */
  readonly covariances: Float64Array;
}

const TEN_EPS = 10 * Number.EPSILON;

/**
 * The M step: weighted means and covariances of the rows of `x` under the responsibilities
 * `resp` (n × k), with `reg` added to every variance (scikit-learn's
 * `_estimate_gaussian_parameters`, same formulas, so results agree to rounding).
 */
export function estimateGaussianParameters(
  x: Matrix,
  resp: Float64Array,
  k: number,
  reg: number,
  type: CovarianceType,
): GaussianParameters {
  const { rows: n, cols: d, data: X } = x;
  const nk = new Float64Array(k);
  const sums = new Float64Array(k * d);
  // Diagonal shapes also need Σ r x², gathered in the same pass.
  const squares = type === 'diag' || type === 'spherical' ? new Float64Array(k * d) : undefined;
  if (d <= MAX_UNROLLED_FEATURES)
    momentsKernel(d, squares !== undefined)(X, n, resp, k, nk, sums, squares);
  else
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let j = 0; j < k; j++) {
        const r = resp[i * k + j] as number;
        if (r === 0) continue;
        nk[j]! += r;
        const s = j * d;
        if (squares === undefined) {
          for (let t = 0; t < d; t++) sums[s + t]! += r * (X[row + t] as number);
        } else {
          for (let t = 0; t < d; t++) {
            const v = X[row + t] as number;
            sums[s + t]! += r * v;
            squares[s + t]! += r * (v * v);
          }
        }
      }
    }
  const means = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    nk[j]! += TEN_EPS;
    for (let t = 0; t < d; t++) means[j * d + t] = (sums[j * d + t] as number) / (nk[j] as number);
  }
  let covariances: Float64Array;
  if (type === 'full') covariances = fullCovariances(x, resp, nk, means, reg);
  else if (type === 'tied') covariances = tiedCovariance(x, nk, means, reg);
  else {
    const diag = diagCovariances(squares as Float64Array, d, nk, means, sums, reg);
    if (type === 'diag') covariances = diag;
    else {
      covariances = new Float64Array(k);
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += diag[j * d + t] as number;
        covariances[j] = s / d;
      }
    }
  }
  return { nk, means, covariances };
}

/** One d × d covariance per component: Σ r (x − μ)(x − μ)ᵀ / nk + reg I. */
function fullCovariances(
  x: Matrix,
  resp: Float64Array,
  nk: Float64Array,
  means: Float64Array,
  reg: number,
): Float64Array {
  const { rows: n, cols: d, data: X } = x;
  const k = nk.length;
  const out = new Float64Array(k * d * d);
  const diff = new Float64Array(d);
  const unrolled = d <= MAX_UNROLLED_FEATURES ? scatterKernel(d) : undefined;
  for (let j = 0; j < k; j++) {
    const base = j * d * d;
    if (unrolled !== undefined) {
      unrolled(X, n, resp, k, j, means, j * d, out, base);
      symmetrize(out, base, d, nk[j] as number, reg);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + j] as number;
      if (r === 0) continue;
      for (let t = 0; t < d; t++) diff[t] = (X[i * d + t] as number) - (means[j * d + t] as number);
      for (let a = 0; a < d; a++) {
        const ra = r * (diff[a] as number);
        const line = base + a * d;
        for (let b = a; b < d; b++) out[line + b]! += ra * (diff[b] as number);
      }
    }
    symmetrize(out, base, d, nk[j] as number, reg);
  }
  return out;
}

/** One covariance shared by all components: (XᵀX − Σ nk μ μᵀ) / Σ nk + reg I. */
function tiedCovariance(
  x: Matrix,
  nk: Float64Array,
  means: Float64Array,
  reg: number,
): Float64Array {
  const { rows: n, cols: d, data: X } = x;
  const out = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = X[i * d + a] as number;
      for (let b = a; b < d; b++) out[a * d + b]! += xa * (X[i * d + b] as number);
    }
  }
  let total = 0;
  for (let j = 0; j < nk.length; j++) {
    const w = nk[j] as number;
    total += w;
    for (let a = 0; a < d; a++) {
      const wa = w * (means[j * d + a] as number);
      for (let b = a; b < d; b++) out[a * d + b]! -= wa * (means[j * d + b] as number);
    }
  }
  symmetrize(out, 0, d, total, reg);
  return out;
}

/** Mirrors the upper triangle of a d × d block, divides it by `by` and adds `reg` on the diagonal. */
function symmetrize(out: Float64Array, base: number, d: number, by: number, reg: number): void {
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = (out[base + a * d + b] as number) / by;
      out[base + a * d + b] = v;
      out[base + b * d + a] = v;
    }
    out[base + a * d + a]! += reg;
  }
}

/** Per-component variances, scikit-learn's formula: E[x²] − 2 μ E[x] + μ² + reg. */
function diagCovariances(
  squares: Float64Array,
  d: number,
  nk: Float64Array,
  means: Float64Array,
  sums: Float64Array,
  reg: number,
): Float64Array {
  const k = nk.length;
  const out = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    const w = nk[j] as number;
    for (let t = 0; t < d; t++) {
      const p = j * d + t;
      const m = means[p] as number;
      const avgX2 = (squares[p] as number) / w;
      const avgXMeans = (m * (sums[p] as number)) / w;
      out[p] = avgX2 - 2 * avgXMeans + m * m + reg;
    }
  }
  return out;
}

/**
 * The precision factors of the covariances: `(L⁻¹)ᵀ` with `L` the lower Cholesky factor
 * (full, tied), `1 / √σ²` (diag, spherical). `INVALID_INPUT` when a covariance is not
 * positive definite (collapsed components, duplicate rows): raise `regCovar`.
 */
export function precisionCholesky(
  covariances: Float64Array,
  type: CovarianceType,
  d: number,
  owner: string,
): Float64Array {
  const out = new Float64Array(covariances.length);
  if (type === 'diag' || type === 'spherical') {
    for (let p = 0; p < covariances.length; p++) {
      const v = covariances[p] as number;
      if (!(v > 0)) throw illDefined(owner);
      out[p] = 1 / Math.sqrt(v);
    }
    return out;
  }
  const blocks = covariances.length / (d * d);
  const l = new Float64Array(d * d);
  for (let c = 0; c < blocks; c++) {
    const base = c * d * d;
    if (!cholesky(covariances, base, d, l, 0)) throw illDefined(owner);
    // Forward substitution of L Z = I, column by column (scipy's solve_triangular); P = Zᵀ.
    for (let col = 0; col < d; col++) {
      for (let i = 0; i < d; i++) {
        let s = i === col ? 1 : 0;
        for (let m = col; m < i; m++)
          s -= (l[i * d + m] as number) * (out[base + col * d + m] as number);
        out[base + col * d + i] = i < col ? 0 : s / (l[i * d + i] as number);
      }
    }
  }
  return out;
}

/**
 * Lower Cholesky factor of the symmetric d × d block of `a` at `from`, into `l` at `to`;
 * false when the block is not positive definite.
 */
export function cholesky(
  a: ArrayLike<number>,
  from: number,
  d: number,
  l: Float64Array,
  to: number,
): boolean {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[from + i * d + j] as number;
      for (let m = 0; m < j; m++)
        s -= (l[to + i * d + m] as number) * (l[to + j * d + m] as number);
      if (i === j) {
        if (!(s > 0)) return false;
        l[to + i * d + i] = Math.sqrt(s);
      } else l[to + i * d + j] = s / (l[to + j * d + j] as number);
    }
    for (let j = i + 1; j < d; j++) l[to + i * d + j] = 0;
  }
  return true;
}

function illDefined(owner: string): CohortlabError {
  return new CohortlabError(
    'INVALID_INPUT',
    `${owner}: fitting the mixture failed because a component's covariance is not positive definite (a component collapsed onto too few distinct rows); decrease k or increase regCovar`,
  );
}
