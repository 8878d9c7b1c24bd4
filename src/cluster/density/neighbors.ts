/**
 * Brute-force neighbourhoods for the density methods: every pair's Euclidean distance is
 * computed once per use, O(n²·d) time; the radius neighbourhoods take memory in proportion
 * to the number of neighbours found (up to n² int32 when eps spans the data).
 *
 * @module
 */
import type { Matrix } from '../kmeans/matrix.js';

/** Neighbourhoods in compressed rows: the neighbours of i are `index[start[i] .. start[i+1])`. */
export interface Neighborhoods {
  readonly start: Int32Array;
  readonly index: Int32Array;
}

/** Squared Euclidean distance of rows i and j of x. */
export function squaredDistance(x: Matrix, i: number, j: number): number {
  const d = x.cols;
  const data = x.data;
  let s = 0;
  for (let t = 0; t < d; t++) {
    const v = (data[i * d + t] as number) - (data[j * d + t] as number);
    s += v * v;
  }
  return s;
}

/**
 * The rows within `eps` of each row (distance ≤ eps, the row itself included, in index
 * order), as scikit-learn's `radius_neighbors` (which compares squared distances with eps²).
 */
export function radiusNeighbors(x: Matrix, eps: number): Neighborhoods {
  const n = x.rows;
  const limit = eps * eps;
  const start = new Int32Array(n + 1);
  let index = new Int32Array(Math.max(16, n));
  let used = 0;
  for (let i = 0; i < n; i++) {
    start[i] = used;
    for (let j = 0; j < n; j++) {
      if (squaredDistance(x, i, j) <= limit) {
        if (used === index.length) {
          const grown = new Int32Array(index.length * 2);
          grown.set(index);
          index = grown;
        }
        index[used++] = j;
      }
    }
  }
  start[n] = used;
  return { start, index: index.slice(0, used) };
}

/**
 * Distance of each row to its `m`-th nearest row, the row itself counted first (so a row is
 * a DBSCAN core point with `minSamples = m` exactly when this is ≤ eps).
 */
export function kDistances(x: Matrix, m: number): Float64Array {
  const n = x.rows;
  const out = new Float64Array(n);
  const best = new Float64Array(m); // the m smallest squared distances, ascending
  for (let i = 0; i < n; i++) {
    best.fill(Infinity);
    for (let j = 0; j < n; j++) {
      const s = squaredDistance(x, i, j);
      if (s >= (best[m - 1] as number)) continue;
      let p = m - 1;
      while (p > 0 && (best[p - 1] as number) > s) {
        best[p] = best[p - 1] as number;
        p--;
      }
      best[p] = s;
    }
    out[i] = Math.sqrt(best[m - 1] as number);
  }
  return out;
}
