/**
 * The two-step method for data too large for the exact tree: many small k-means groups,
 * then Ward's method on their centroids with the groups' sizes as weights. The Ward distance
 * of two groups a, b is √(2·nₐ·n_b / (nₐ + n_b))·‖cₐ − c_b‖, the exact Ward criterion between
 * those groups; the chain then merges them as exact Ward would merge the same groups.
 *
 * @module
 */
import { KMeans } from '../kmeans/kmeans.js';
import type { Matrix } from '../kmeans/matrix.js';
import { nnChain } from './linkage.js';
import { labelMerges, type MergeTree } from './tree.js';

/** The tree over groups and each customer's group. */
export interface TwoStepTree {
  readonly tree: MergeTree;
  /** Group (leaf of the tree) of each customer. */
  readonly groupOf: Int32Array;
}

/** Ward's tree over `groups` k-means groups of the rows of `x`. */
export function twoStepWard(x: Matrix, groups: number, seed: number): TwoStepTree {
  const kmeans = new KMeans({ k: groups, nInit: 1, seed }).fit(x);
  const groupOf = kmeans.labels;
  const centroids = kmeans.centroids.data;
  const d = x.cols;
  const counts = new Float64Array(groups);
  for (const g of groupOf) counts[g]! += 1;
  const dist = new Float64Array((groups * (groups - 1)) / 2);
  let p = 0;
  for (let a = 0; a < groups; a++) {
    for (let b = a + 1; b < groups; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = (centroids[a * d + t] as number) - (centroids[b * d + t] as number);
        s += v * v;
      }
      const na = counts[a] as number;
      const nb = counts[b] as number;
      dist[p++] = Math.sqrt((2 * na * nb) / (na + nb)) * Math.sqrt(s);
    }
  }
  const raw = nnChain(dist, groups, 'ward', counts);
  return { tree: labelMerges(raw, groups, true, counts), groupOf };
}
