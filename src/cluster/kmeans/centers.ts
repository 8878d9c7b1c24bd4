/**
 * The update step shared by every k-means algorithm: weighted centroid sums turned into
 * centroids, empty clusters re-seeded as scikit-learn does, how far each centroid moved, and
 * the inertia of a labelling.
 *
 * Sums are accumulated per chunk of {@link CHUNK_ROWS} rows and the chunk totals added in
 * chunk order (see `chunk-runner.ts`). The result depends only on the data, never on how the
 * work was split between threads, and the partial sums keep rounding error low on millions
 * of rows.
 *
 * @module
 */
import type { Kernels } from './kernels.js';

/** Rows per chunk of every accumulation (see the module comment). */
export const CHUNK_ROWS = 4096;

/** Per-cluster weighted coordinate sums (k × d) and weights (k) of one assignment pass. */
export interface ClusterSums {
  /** Σ w·x per cluster, row-major k × d. */
  readonly sums: Float64Array;
  /** Σ w per cluster. */
  readonly weights: Float64Array;
}

/** Zeroed sums for k clusters of d features. */
export function emptySums(k: number, d: number): ClusterSums {
  return { sums: new Float64Array(k * d), weights: new Float64Array(k) };
}

/**
 * Re-seeds empty clusters like scikit-learn's `_relocate_empty_clusters_dense`: the points
 * farthest from their (old) centroid become the new centroids of the empty clusters, one each,
 * the farthest going to the empty cluster with the lowest index. Each moved point's weight and
 * coordinates are taken out of its old cluster's sums (its label does not change, as in
 * scikit-learn). A point is not moved when that would empty its own cluster, and points with
 * zero weight are never moved. Returns how many clusters were re-seeded.
 */
export function relocateEmptyClusters(
  data: Float64Array,
  weights: Float64Array,
  labels: Int32Array,
  oldCentroids: Float64Array,
  acc: ClusterSums,
  kernels: Kernels,
): number {
  const k = acc.weights.length;
  const d = kernels.d;
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (acc.weights[j] === 0) empty.push(j);
  if (empty.length === 0) return 0;
  const n = labels.length;
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    distance[i] =
      (weights[i] as number) > 0
        ? kernels.sqdist(data, i, oldCentroids, labels[i] as number)
        : -Infinity;
  }
  let moved = 0;
  for (const target of empty) {
    // The farthest eligible point (lowest index among ties).
    let far = -1;
    let farDistance = -Infinity;
    for (let i = 0; i < n; i++) {
      const dist = distance[i] as number;
      if (dist > farDistance) {
        const w = weights[i] as number;
        const old = labels[i] as number;
        if ((acc.weights[old] as number) - w > 0) {
          far = i;
          farDistance = dist;
        }
      }
    }
    if (far < 0) break; // nothing left to move: the cluster keeps its old centroid
    distance[far] = -Infinity;
    const w = weights[far] as number;
    const old = labels[far] as number;
    for (let t = 0; t < d; t++) {
      const v = (data[far * d + t] as number) * w;
      acc.sums[old * d + t]! -= v;
      acc.sums[target * d + t] = v;
    }
    acc.weights[target] = w;
    acc.weights[old]! -= w;
    moved++;
  }
  return moved;
}

/**
 * New centroids from the sums: `sums × (1 / weight)` per cluster (scikit-learn multiplies by
 * the reciprocal too). A cluster with no weight keeps its previous centroid.
 */
export function averageCentroids(
  acc: ClusterSums,
  previous: Float64Array,
  out: Float64Array,
  d: number,
): void {
  const k = acc.weights.length;
  for (let j = 0; j < k; j++) {
    const w = acc.weights[j] as number;
    const o = j * d;
    if (w > 0) {
      const alpha = 1 / w;
      for (let t = 0; t < d; t++) out[o + t] = (acc.sums[o + t] as number) * alpha;
    } else {
      for (let t = 0; t < d; t++) out[o + t] = previous[o + t] as number;
    }
  }
}

/**
 * How far each centroid moved (Euclidean distance) into `shifts`; returns the sum of the
 * squared moves, which scikit-learn compares with the tolerance.
 */
export function centroidShifts(
  before: Float64Array,
  after: Float64Array,
  shifts: Float64Array,
  kernels: Kernels,
): number {
  let total = 0;
  for (let j = 0; j < shifts.length; j++) {
    const s = kernels.sqdist(before, j, after, j);
    shifts[j] = Math.sqrt(s);
    total += s;
  }
  return total;
}

/**
 * True when two labellings are the same partition up to renaming the clusters (scikit-learn's
 * `_is_same_clustering`): used so that a rerun finding the same clusters with an inertia
 * lower only by rounding does not replace the first.
 */
export function samePartition(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (mapping[x] === -1) mapping[x] = y;
    else if (mapping[x] !== y) return false;
  }
  return true;
}
