/**
 * The Davies–Bouldin index, equal to scikit-learn's `davies_bouldin_score`.
 *
 * @module
 */
import { clusterMeans } from './centroids.js';
import { checkNumberOfLabels, encodeLabels, type ClusterLabels } from './labels.js';
import { checkMatrix, type MatrixLike } from './matrix-like.js';

/** scikit-learn's `np.allclose(values, 0)`: every |value| ≤ 1e-8. */
const ALL_CLOSE_TO_ZERO = 1e-8;

/**
 * Davies and Bouldin (1979): the mean over clusters of
 * `max over other clusters j of (s_i + s_j) / d(c_i, c_j)`, where `s_i` is the mean Euclidean
 * distance of cluster i's points to its centroid `c_i`. Lower is better; 0 is the minimum.
 *
 * As in scikit-learn: 0 when every `s_i` or every centroid distance is within 1e-8 of 0, and
 * a pair of coinciding centroids is ignored (distance taken as infinite). Needs
 * 2 ≤ k ≤ n - 1 distinct labels (INVALID_INPUT otherwise).
 *
 * @param x points, row-major (finite values only)
 * @param labels one integer label per row
 */
export function daviesBouldinScore(x: MatrixLike, labels: ClusterLabels): number {
  checkMatrix(x, 'daviesBouldinScore');
  const { codes, counts, k } = encodeLabels(labels, x.rows, 'daviesBouldinScore');
  checkNumberOfLabels(k, x.rows, 'daviesBouldinScore');
  const { data, rows, cols } = x;
  const centroids = clusterMeans(x, codes, counts);

  const spread = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    const co = (codes[i] as number) * cols;
    let ss = 0;
    for (let j = 0; j < cols; j++) {
      const diff = (data[i * cols + j] as number) - (centroids[co + j] as number);
      ss += diff * diff;
    }
    spread[codes[i] as number]! += Math.sqrt(ss);
  }
  for (let c = 0; c < k; c++) spread[c]! /= counts[c] as number;

  const distance = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let ss = 0;
      for (let j = 0; j < cols; j++) {
        const diff = (centroids[a * cols + j] as number) - (centroids[b * cols + j] as number);
        ss += diff * diff;
      }
      distance[a * k + b] = distance[b * k + a] = Math.sqrt(ss);
    }
  }
  if (spread.every(nearZero) || distance.every(nearZero)) return 0;

  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      const dist = distance[a * k + b] as number;
      if (b === a || dist === 0) continue; // scikit-learn divides by +Infinity: ratio 0
      const ratio = ((spread[a] as number) + (spread[b] as number)) / dist;
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / k;
}

function nearZero(value: number): boolean {
  return Math.abs(value) <= ALL_CLOSE_TO_ZERO;
}
