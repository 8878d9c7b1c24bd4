/**
 * The Calinski–Harabasz index (variance ratio criterion), equal to scikit-learn's
 * `calinski_harabasz_score`.
 *
 * @module
 */
import { clusterMeans, columnMeans } from './centroids.js';
import { checkNumberOfLabels, encodeLabels, type ClusterLabels } from './labels.js';
import { checkMatrix, type MatrixLike } from './matrix-like.js';

/**
 * Calinski and Harabasz (1974): `(B / (k - 1)) / (W / (n - k))` where `B` is the
 * between-cluster dispersion `Σ n_c ‖mean_c - mean‖²` and `W` the within-cluster sum of
 * squares. Higher is better. 1 when `W` is 0, as in scikit-learn. Needs 2 ≤ k ≤ n - 1
 * distinct labels (INVALID_INPUT otherwise).
 *
 * @param x points, row-major (finite values only)
 * @param labels one integer label per row
 */
export function calinskiHarabaszScore(x: MatrixLike, labels: ClusterLabels): number {
  checkMatrix(x, 'calinskiHarabaszScore');
  const { codes, counts, k } = encodeLabels(labels, x.rows, 'calinskiHarabaszScore');
  const n = x.rows;
  checkNumberOfLabels(k, n, 'calinskiHarabaszScore');
  const { data, cols } = x;
  const mean = columnMeans(x);
  const means = clusterMeans(x, codes, counts);
  let extra = 0;
  for (let c = 0; c < k; c++) {
    let ss = 0;
    for (let j = 0; j < cols; j++) {
      const diff = (means[c * cols + j] as number) - (mean[j] as number);
      ss += diff * diff;
    }
    extra += (counts[c] as number) * ss;
  }
  let intra = 0;
  for (let i = 0; i < n; i++) {
    const co = (codes[i] as number) * cols;
    for (let j = 0; j < cols; j++) {
      const diff = (data[i * cols + j] as number) - (means[co + j] as number);
      intra += diff * diff;
    }
  }
  return intra === 0 ? 1 : (extra * (n - k)) / (intra * (k - 1));
}
