import { describe, expect, it } from 'vitest';
import { adjustedRandScore } from '../../../src/cluster/metrics/adjusted-rand.js';
import { calinskiHarabaszScore } from '../../../src/cluster/metrics/calinski-harabasz.js';
import { withinClusterSumOfSquares } from '../../../src/cluster/metrics/centroids.js';
import { daviesBouldinScore } from '../../../src/cluster/metrics/davies-bouldin.js';
import { silhouetteSamples, silhouetteScore } from '../../../src/cluster/metrics/silhouette.js';
import { datasetMatrix, fixture, maxAbsDiff } from './helpers.js';

const TOL = 1e-9;

describe('scikit-learn parity (test/fixtures/cluster/metrics.json)', () => {
  const { internal, ari } = fixture();

  for (const dataset of internal) {
    for (const labelling of dataset.labelings) {
      it(`${dataset.name}, ${labelling.name}`, () => {
        const x = datasetMatrix(dataset);
        const labels = Int32Array.from(labelling.labels);
        expect(
          maxAbsDiff(silhouetteSamples(x, labels), labelling.silhouetteSamples),
        ).toBeLessThanOrEqual(TOL);
        expect(
          Math.abs(silhouetteScore(x, labels) - labelling.silhouetteScore),
        ).toBeLessThanOrEqual(TOL);
        expect(
          Math.abs(calinskiHarabaszScore(x, labels) - labelling.calinskiHarabasz),
        ).toBeLessThanOrEqual(TOL);
        expect(
          Math.abs(daviesBouldinScore(x, labels) - labelling.daviesBouldin),
        ).toBeLessThanOrEqual(TOL);
        expect(Math.abs(withinClusterSumOfSquares(x, labels) - labelling.wcss)).toBeLessThanOrEqual(
          TOL,
        );
        // Plain number[] labels give the same results as Int32Array.
        expect(silhouetteScore(x, labelling.labels)).toBe(silhouetteScore(x, labels));
      });
    }
  }

  for (const pair of ari) {
    it(`adjusted Rand index: ${pair.name}`, () => {
      expect(Math.abs(adjustedRandScore(pair.a, pair.b) - pair.ari)).toBeLessThanOrEqual(TOL);
    });
  }

  it('reports the largest differences (for the record)', () => {
    const worst = { samples: 0, score: 0, ch: 0, db: 0, wcss: 0, ari: 0 };
    for (const dataset of internal) {
      const x = datasetMatrix(dataset);
      for (const l of dataset.labelings) {
        worst.samples = Math.max(
          worst.samples,
          maxAbsDiff(silhouetteSamples(x, l.labels), l.silhouetteSamples),
        );
        worst.score = Math.max(
          worst.score,
          Math.abs(silhouetteScore(x, l.labels) - l.silhouetteScore),
        );
        worst.ch = Math.max(
          worst.ch,
          Math.abs(calinskiHarabaszScore(x, l.labels) - l.calinskiHarabasz),
        );
        worst.db = Math.max(worst.db, Math.abs(daviesBouldinScore(x, l.labels) - l.daviesBouldin));
        worst.wcss = Math.max(
          worst.wcss,
          Math.abs(withinClusterSumOfSquares(x, l.labels) - l.wcss),
        );
      }
    }
    for (const pair of ari)
      worst.ari = Math.max(worst.ari, Math.abs(adjustedRandScore(pair.a, pair.b) - pair.ari));
    console.log(`max |ours - scikit-learn ${fixture().sklearn}|:`, JSON.stringify(worst));
    for (const value of Object.values(worst)) expect(value).toBeLessThanOrEqual(TOL);
  });
});
