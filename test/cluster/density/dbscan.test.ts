/**
 * DBSCAN: scikit-learn's labels and core points on Wholesale and Mall, a hand-checked small
 * case, eps from the k-distance knee, errors.
 */
import { describe, expect, it } from 'vitest';
import { DBSCAN } from '../../../src/cluster/density/index.js';
import { blobs, expectError } from '../kmeans/helpers.js';
import { densityFixture, densityMatrix } from './helpers.js';

const fixture = densityFixture();

describe('DBSCAN', () => {
  it.each(fixture.dbscan.map((c) => [c.data, c.eps, c.minSamples, c] as const))(
    '%s, eps %f, minSamples %i: labels and core points identical to scikit-learn',
    (data, eps, minSamples, c) => {
      const model = new DBSCAN({ eps, minSamples }).fit(densityMatrix(data));
      expect(Array.from(model.learned.coreSampleIndices)).toEqual(c.core);
      expect(Array.from(model.labels)).toEqual(c.labels);
      const noise = c.labels.filter((v) => v < 0).length;
      expect(model.learned.noiseShare).toBe(noise / c.labels.length);
      expect(model.learned.nClusters).toBe(Math.max(-1, ...c.labels) + 1);
    },
  );

  it('hand-checked: two chains, a border point, an isolated point, eps inclusive', () => {
    // 0-1-2 at spacing 1 (cores with minSamples 2 at eps 1); 3 at distance 1 from 2 is
    // reached; 10 and 11 form a second cluster; 20 is noise.
    const x = [[0], [1], [2], [3], [10], [11], [20]];
    const model = new DBSCAN({ eps: 1, minSamples: 2 }).fit(x);
    expect(Array.from(model.labels)).toEqual([0, 0, 0, 0, 1, 1, -1]);
    const strict = new DBSCAN({ eps: 1, minSamples: 3 }).fit(x);
    // Cores need 3 rows within 1: 1, 2 (and 3 has only 2, 0 has only 2): 0 and 3 are borders.
    expect(Array.from(strict.learned.coreSampleIndices)).toEqual([1, 2]);
    expect(Array.from(strict.labels)).toEqual([0, 0, 0, 0, -1, -1, -1]);
  });

  it("eps 'knee': outliers far from dense blobs are noise, the blobs are clusters", () => {
    const { x, truth } = blobs(400, 4, 2, 0.4, 17);
    const data = Float64Array.from([...x.data, 40, 40, -40, 40, 40, -40, -40, -40, 0, 45]);
    const model = new DBSCAN({ minSamples: 5 }).fit({ data, rows: 405, cols: 2 });
    const { labels, eps, kDistances } = model.learned;
    expect(eps).toBeGreaterThan(0);
    expect(kDistances).toHaveLength(405);
    expect(Array.from(labels.subarray(400))).toEqual([-1, -1, -1, -1, -1]);
    expect(model.learned.nClusters).toBe(4);
    // Every blob is one cluster (a few of its stragglers may be noise).
    for (let c = 0; c < 4; c++) {
      const found = new Set(
        Array.from(labels.subarray(0, 400)).filter((_, i) => truth[i] === c && labels[i]! >= 0),
      );
      expect(found.size).toBe(1);
    }
    expect(model.learned.noiseShare).toBeLessThan(0.05);
  });

  it("eps 'knee' on a curve without a knee: the 95th percentile, with a WEAK_CHOICE warning", () => {
    // Evenly spaced points: every 2-distance is 1, the sorted curve is flat.
    const model = new DBSCAN({ minSamples: 2 }).fit([[0], [1], [2], [3], [4], [5]]);
    expect(model.learned.eps).toBe(1);
    expect(model.learned.warnings.map((w) => w.code)).toEqual(['WEAK_CHOICE']);
    expect(Array.from(model.labels)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(new DBSCAN({ eps: 1 }).fit([[0], [1]]).learned.warnings).toEqual([]);
  });

  it('refuses bad options and data', () => {
    expectError(() => new DBSCAN({ eps: 0 }), 'INVALID_OPTION');
    expectError(() => new DBSCAN({ minSamples: 0 }), 'INVALID_OPTION');
    expectError(() => new DBSCAN({ eps: 1 }).fit([[1, NaN]]), 'INVALID_INPUT');
    expectError(() => new DBSCAN().fit([[1], [2]]), 'INVALID_INPUT');
    expectError(() => new DBSCAN().learned, 'NOT_FITTED');
  });
});
