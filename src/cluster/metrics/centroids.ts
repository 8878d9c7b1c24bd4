/**
 * Cluster means and within-cluster dispersion, shared by the Calinski–Harabasz and
 * Davies–Bouldin indices and the gap statistic.
 *
 * @module
 */
import { checkMatrix, type MatrixLike } from './matrix-like.js';
import { encodeLabels, type ClusterLabels } from './labels.js';

/**
 * The mean of each cluster's rows: a `k × cols` row-major array, row `c` for code `c`
 * (codes 0..k-1 with `counts[c] > 0` rows each).
 */
export function clusterMeans(x: MatrixLike, codes: Int32Array, counts: Int32Array): Float64Array {
  const { data, rows, cols } = x;
  const k = counts.length;
  const means = new Float64Array(k * cols);
  for (let i = 0; i < rows; i++) {
    const co = (codes[i] as number) * cols;
    const io = i * cols;
    for (let j = 0; j < cols; j++) means[co + j]! += data[io + j] as number;
  }
  for (let c = 0; c < k; c++) {
    const size = counts[c] as number;
    for (let j = 0; j < cols; j++) means[c * cols + j]! /= size;
  }
  return means;
}

/** The column means of `x` (its centroid), `cols` values. */
export function columnMeans(x: MatrixLike): Float64Array {
  const { data, rows, cols } = x;
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j]! += data[i * cols + j] as number;
  }
  for (let j = 0; j < cols; j++) out[j]! /= rows;
  return out;
}

/**
 * Sum over rows of the squared Euclidean distance to the mean of the row's cluster (the
 * k-means inertia of the labelling, `W_k` of the gap statistic). Codes and counts as in
 * {@link clusterMeans}.
 */
export function sumOfSquaresWithin(x: MatrixLike, codes: Int32Array, counts: Int32Array): number {
  const { data, rows, cols } = x;
  const means = clusterMeans(x, codes, counts);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const co = (codes[i] as number) * cols;
    const io = i * cols;
    for (let j = 0; j < cols; j++) {
      const diff = (data[io + j] as number) - (means[co + j] as number);
      total += diff * diff;
    }
  }
  return total;
}

/**
 * The within-cluster sum of squares of a labelling: Σ over rows of the squared Euclidean
 * distance to its cluster's mean, i.e. the k-means inertia of these labels with centroids at
 * the cluster means. Any integer labels; one per row of `x` (INVALID_INPUT otherwise).
 */
export function withinClusterSumOfSquares(x: MatrixLike, labels: ClusterLabels): number {
  checkMatrix(x, 'withinClusterSumOfSquares');
  const { codes, counts } = encodeLabels(labels, x.rows, 'withinClusterSumOfSquares');
  return sumOfSquaresWithin(x, codes, counts);
}
