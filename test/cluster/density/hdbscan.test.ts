/**
 * HDBSCAN on hand-checked small cases (core distances, mutual reachability, condensed tree,
 * stabilities, excess of mass and GLOSH scores worked out by hand in the comments), on blobs
 * with outliers, and its mutual reachability tree against scikit-learn's DBSCAN (a cut at eps
 * is DBSCAN's partition of the core points).
 */
import { describe, expect, it } from 'vitest';
import { HDBSCAN } from '../../../src/cluster/density/index.js';
import { mutualReachabilityTree } from '../../../src/cluster/density/hdbscan.js';
import { clustersAtHeight, cutTree } from '../../../src/cluster/hierarchy/tree.js';
import { densityFixture, densityMatrix } from './helpers.js';
import { blobs, expectError, samePartition } from '../kmeans/helpers.js';

describe('HDBSCAN', () => {
  it('two tight triples and an outlier on a line', () => {
    // x = 0 1 2 | 10 11 12 | 30, minSamples 2: core distance 1 (18 for 30). Mutual
    // reachability tree: four edges at 1, 2–10 at 8, 12–30 at 18. Condensed with
    // minClusterSize 3: 30 falls out of the root at λ = 1/18; at λ = 1/8 the root splits into
    // A = {0,1,2} and B = {10,11,12}, whose customers all fall out at λ = 1.
    // Stability(A) = Stability(B) = 3 (1 − 1/8) = 2.625; root: 1/18 + 2 · 3/8.
    const x = [[0], [1], [2], [10], [11], [12], [30]];
    const model = new HDBSCAN({ minClusterSize: 3, minSamples: 2 }).fit(x);
    const { labels, outlierScores, probabilities, clusterStability, condensed } = model.learned;
    expect(Array.from(labels)).toEqual([0, 0, 0, 1, 1, 1, -1]);
    expect(Array.from(clusterStability)).toEqual([2.625, 2.625]);
    expect(Array.from(condensed.birth)).toEqual([0, 1 / 8, 1 / 8]);
    expect(condensed.pointLambda[6]).toBe(1 / 18);
    // GLOSH: (λ_max − λ) / λ_max; λ_max of the root's subtree is 1.
    expect(outlierScores[6]).toBeCloseTo(17 / 18, 15);
    expect(Array.from(outlierScores.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(probabilities)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(model.learned.noiseShare).toBe(1 / 7);
  });

  it('a cluster that splits into two small groups is kept whole (excess of mass)', () => {
    // 0 1 2 3 | 5 6 7 8 with minClusterSize 5, minSamples 2: the only split with both sides
    // >= 5 is none, so every customer falls out of the root: one cluster only if allowed.
    const x = [[0], [1], [2], [3], [5], [6], [7], [8]];
    expect(Array.from(new HDBSCAN({ minClusterSize: 5, minSamples: 2 }).fit(x).labels)).toEqual(
      new Array(8).fill(-1),
    );
    const single = new HDBSCAN({ minClusterSize: 5, minSamples: 2, allowSingleCluster: true });
    expect(Array.from(single.fit(x).labels)).toEqual(new Array(8).fill(0));
    // With minClusterSize 4 the split at distance 2 (λ = 1/2) makes two clusters of 4:
    // stability of each 4 · (1 − 1/2) = 2, their sum 4 beats the root's (not a candidate).
    const two = new HDBSCAN({ minClusterSize: 4, minSamples: 2 }).fit(x);
    expect(Array.from(two.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(two.learned.clusterStability)).toEqual([2, 2]);
  });

  it('finds blobs and labels far outliers as noise with the highest outlier scores', () => {
    const { x, truth } = blobs(300, 3, 2, 0.5, 12);
    const data = Float64Array.from([...x.data, 50, 50, -50, 50, 0, -60]);
    const model = new HDBSCAN({ minClusterSize: 15 }).fit({ data, rows: 303, cols: 2 });
    const { labels, outlierScores, nClusters } = model.learned;
    expect(nClusters).toBe(3);
    expect(Array.from(labels.subarray(300))).toEqual([-1, -1, -1]);
    for (let c = 0; c < 3; c++) {
      const found = new Set(
        Array.from(labels.subarray(0, 300)).filter((l, i) => truth[i] === c && l >= 0),
      );
      expect(found.size).toBe(1);
    }
    const sorted = Array.from(outlierScores).sort((a, b) => b - a);
    for (let p = 300; p < 303; p++) expect(outlierScores[p]).toBeGreaterThanOrEqual(sorted[2]!);
  });

  it.each(densityFixture().dbscan.map((c) => [c.data, c.eps, c.minSamples, c] as const))(
    "the mutual reachability tree cut at eps is scikit-learn's DBSCAN on the core points (%s, eps %f, minSamples %i)",
    (data, eps, minSamples, c) => {
      const tree = mutualReachabilityTree(densityMatrix(data), minSamples);
      const cut = cutTree(tree, clustersAtHeight(tree, eps));
      expect(
        samePartition(
          c.core.map((i) => cut[i]!),
          c.core.map((i) => c.labels[i]!),
        ),
      ).toBe(true);
    },
  );

  it('refuses bad options and too little data', () => {
    expectError(() => new HDBSCAN({ minClusterSize: 1 }), 'INVALID_OPTION');
    expectError(() => new HDBSCAN({ minSamples: 10 }).fit([[1], [2], [3]]), 'INVALID_INPUT');
    expectError(() => new HDBSCAN().learned, 'NOT_FITTED');
  });
});
