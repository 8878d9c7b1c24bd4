/**
 * Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method.
 *
 * @module
 */

/** Eigenvalues (descending) and unit eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** Row-major `d × d`: row `i` is the eigenvector of `values[i]`. */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of the symmetric `d × d` matrix `a` (row-major; only read).
 *
 * Jacobi rotations rather than a tridiagonal QR: for the handful of features cohortlab
 * decomposes (d ≲ 100) it is simple, unconditionally stable and accurate to a few ulps of the
 * largest eigenvalue, which is what parity with LAPACK's SVD needs. Sweeps continue until the
 * off-diagonal mass stops shrinking (at most 100 sweeps).
 */
export function symmetricEigen(a: Float64Array, d: number): SymmetricEigen {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let previous = Infinity;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) off += (m[p * d + q] as number) ** 2;
    if (off === 0 || off >= previous) break;
    previous = off;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) rotate(m, v, d, p, q);
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort(
    (i, j) => (m[j * d + j] as number) - (m[i * d + i] as number) || i - j,
  );
  const values = Float64Array.from(order, (i) => m[i * d + i] as number);
  const vectors = new Float64Array(d * d);
  order.forEach((col, row) => {
    // Columns of the accumulated rotation are the eigenvectors.
    for (let k = 0; k < d; k++) vectors[row * d + k] = v[k * d + col] as number;
  });
  return { values, vectors };
}

/** One Jacobi rotation zeroing m[p][q] (Numerical Recipes' stable formulation). */
function rotate(m: Float64Array, v: Float64Array, d: number, p: number, q: number): void {
  const apq = m[p * d + q] as number;
  if (apq === 0) return;
  const app = m[p * d + p] as number;
  const aqq = m[q * d + q] as number;
  const theta = (aqq - app) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < d; k++) {
    const mkp = m[k * d + p] as number;
    const mkq = m[k * d + q] as number;
    m[k * d + p] = c * mkp - s * mkq;
    m[k * d + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < d; k++) {
    const mpk = m[p * d + k] as number;
    const mqk = m[q * d + k] as number;
    m[p * d + k] = c * mpk - s * mqk;
    m[q * d + k] = s * mpk + c * mqk;
  }
  for (let k = 0; k < d; k++) {
    const vkp = v[k * d + p] as number;
    const vkq = v[k * d + q] as number;
    v[k * d + p] = c * vkp - s * vkq;
    v[k * d + q] = s * vkp + c * vkq;
  }
}
