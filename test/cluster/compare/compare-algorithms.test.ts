/**
 * compareAlgorithms: the table's measures equal the metrics computed directly, the
 * disqualifications, and the recommendation on data with a clear answer.
 */
import { describe, expect, it } from 'vitest';
import { compareAlgorithms } from '../../../src/cluster/compare/index.js';
import { KMeans } from '../../../src/cluster/kmeans/kmeans.js';
import {
  silhouetteScore,
  calinskiHarabaszScore,
  daviesBouldinScore,
} from '../../../src/cluster/metrics/index.js';
import { GaussianMixture } from '../../../src/cluster/mixture/index.js';
import { blobs, expectError } from '../kmeans/helpers.js';

const { x } = blobs(240, 4, 2, 0.5, 31);

describe('compareAlgorithms', () => {
  const result = compareAlgorithms(x, {
    algorithms: ['kmeans', 'gmm', 'ward', 'hdbscan', 'dbscan'],
    ks: [2, 3, 4, 5, 6],
    stabilityResamples: 3,
    minClusterSize: 10,
    seed: 0,
  });

  it('one row per algorithm and k, density methods once', () => {
    expect(result.rows.map((r) => r.algorithm)).toEqual([
      ...new Array(5).fill('kmeans'),
      ...new Array(5).fill('gmm'),
      ...new Array(5).fill('ward'),
      'hdbscan',
      'dbscan',
    ]);
  });

  it('measures equal the metrics computed directly', () => {
    const row = result.rows.find((r) => r.algorithm === 'kmeans' && r.k === 4)!;
    const labels = new KMeans({ k: 4, seed: 0 }).fit(x).labels;
    expect(row.silhouette).toBe(silhouetteScore(x, labels, { seed: 0 }));
    expect(row.calinskiHarabasz).toBe(calinskiHarabaszScore(x, labels));
    expect(row.daviesBouldin).toBe(daviesBouldinScore(x, labels));
    expect(row.bic).toBeNull();
    const counts = [0, 1, 2, 3].map((c) => labels.filter((l) => l === c).length);
    expect(row.smallestSegment).toBe(Math.min(...counts));
    const gmmRow = result.rows.find((r) => r.algorithm === 'gmm' && r.k === 3)!;
    expect(gmmRow.bic).toBe(new GaussianMixture({ k: 3, seed: 0 }).fit(x).bic(x));
    for (const r of result.rows) {
      if (r.stability !== null) expect(r.stability).toBeLessThanOrEqual(1);
    }
  });

  it('recommends four segments on four separated blobs, with reasons', () => {
    expect(result.recommended?.k).toBe(4);
    expect(result.reasons[0]).toContain('k = 4');
    expect(result.reasons.some((r) => r.startsWith('silhouette'))).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('disqualifies tiny segments and reports when nothing qualifies', () => {
    const strict = compareAlgorithms(x, {
      algorithms: ['kmeans'],
      ks: [5, 6],
      stabilityResamples: 0,
      minSegmentShare: 0.3,
    });
    expect(strict.rows.every((r) => r.disqualified !== null && r.stability === null)).toBe(true);
    expect(strict.recommended).toBeNull();
    expect(strict.warnings.map((w) => w.code)).toEqual(['WEAK_CHOICE']);
  });

  it('refuses unknown algorithms and bad ks', () => {
    expectError(
      () => compareAlgorithms(x, { algorithms: ['spectral' as never] }),
      'INVALID_OPTION',
    );
    expectError(() => compareAlgorithms(x, { ks: [1] }), 'INVALID_OPTION');
  });
});
