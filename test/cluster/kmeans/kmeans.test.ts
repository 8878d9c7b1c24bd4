/**
 * KMeans behaviour: determinism, convergence, edge cases, errors, weights, JSON.
 */
import { describe, expect, it } from 'vitest';
import { KMeans, type KMeansAlgorithm } from '../../../src/cluster/kmeans/kmeans.js';
import { matrixFromRows } from '../../../src/cluster/kmeans/matrix.js';
import { blobs, bytes, expectError, samePartition, wholesale } from './helpers.js';

const ALGORITHMS: KMeansAlgorithm[] = ['lloyd', 'elkan', 'hamerly'];

describe('KMeans', () => {
  describe('determinism', () => {
    it('the same seed gives bit-identical centroids, labels and inertia', () => {
      const x = wholesale();
      for (const algorithm of ALGORITHMS) {
        const a = new KMeans({ k: 5, seed: 7, algorithm }).fit(x);
        const b = new KMeans({ k: 5, seed: 7, algorithm }).fit(x);
        expect(bytes(a.centroids.data)).toEqual(bytes(b.centroids.data));
        expect(bytes(a.labels)).toEqual(bytes(b.labels));
        expect(Object.is(a.inertia, b.inertia)).toBe(true);
      }
    });

    it('different seeds give different initializations', () => {
      const x = wholesale();
      const a = new KMeans({ k: 6, nInit: 1, seed: 1 }).fit(x);
      const b = new KMeans({ k: 6, nInit: 1, seed: 2 }).fit(x);
      expect(bytes(a.centroids.data)).not.toEqual(bytes(b.centroids.data));
    });

    it('lloyd, elkan and hamerly give bit-identical results from the same seed', () => {
      for (const [x, k] of [
        [wholesale(), 6],
        [blobs(3000, 5, 3, 2.5, 11).x, 5],
        [blobs(2000, 12, 9, 4, 12).x, 12],
      ] as const) {
        const fits = ALGORITHMS.map((algorithm) =>
          new KMeans({ k, seed: 3, nInit: 3, algorithm, tol: 0 }).fit(x),
        );
        for (const fit of fits.slice(1)) {
          expect(bytes(fit.labels)).toEqual(bytes((fits[0] as KMeans).labels));
          expect(bytes(fit.centroids.data)).toEqual(bytes((fits[0] as KMeans).centroids.data));
          expect(fit.inertia).toBe((fits[0] as KMeans).inertia);
          expect(fit.iterations).toBe((fits[0] as KMeans).iterations);
        }
      }
    });
  });

  describe('convergence', () => {
    it.each(ALGORITHMS)('%s: inertia never increases across iterations', (algorithm) => {
      const { x } = blobs(4000, 6, 4, 3, 5);
      const model = new KMeans({ k: 6, nInit: 1, seed: 2, tol: 0, algorithm, recordHistory: true });
      const history = model.fit(x).learned.inertiaHistory ?? [];
      expect(history.length).toBe(model.iterations);
      expect(history.length).toBeGreaterThan(3);
      for (let i = 1; i < history.length; i++) {
        expect(history[i] as number).toBeLessThanOrEqual((history[i - 1] as number) * (1 + 1e-12));
      }
      // The last assignment is the final labelling: same inertia.
      expect(Math.abs((history.at(-1) as number) - model.inertia) / model.inertia).toBeLessThan(
        1e-12,
      );
    });

    it('all algorithms record the same history', () => {
      const x = wholesale();
      const histories = ALGORITHMS.map(
        (algorithm) =>
          new KMeans({ k: 4, nInit: 1, seed: 9, algorithm, recordHistory: true }).fit(x).learned
            .inertiaHistory,
      );
      expect(histories[1]).toEqual(histories[0]);
      expect(histories[2]).toEqual(histories[0]);
    });

    it('labels are in [0, k) and every cluster is used', () => {
      const x = wholesale();
      for (const k of [1, 2, 5, 9]) {
        const labels = new KMeans({ k, seed: 1 }).fit(x).labels;
        expect(labels).toHaveLength(x.rows);
        const used = new Set(labels);
        expect(Math.min(...used)).toBe(0);
        expect(Math.max(...used)).toBe(k - 1);
        expect(used.size).toBe(k);
      }
    });

    it('stops at maxIter and reports it', () => {
      const { x } = blobs(3000, 8, 5, 6, 3);
      const model = new KMeans({ k: 8, nInit: 1, maxIter: 2, tol: 0 }).fit(x);
      expect(model.iterations).toBe(2);
      expect(model.learned.converged).toBe(false);
      // Labels match the final centroids.
      expect(bytes(model.predict(x))).toEqual(bytes(model.labels));
    });

    it('finds well-separated blobs exactly', () => {
      const { x, truth } = blobs(5000, 4, 3, 0.5, 21);
      const labels = new KMeans({ k: 4, seed: 0 }).fit(x).labels;
      expect(samePartition(labels, truth)).toBe(true);
    });
  });

  describe('edge cases', () => {
    it('k = 1: the centroid is the weighted mean', () => {
      const x = matrixFromRows([
        [1, 10],
        [2, 20],
        [4, 40],
        [9, -5],
      ]);
      const sampleWeight = [1, 2, 0.5, 3];
      for (const algorithm of ALGORITHMS) {
        const model = new KMeans({ k: 1, algorithm }).fit(x, { sampleWeight });
        const total = 6.5;
        const mean = [(1 + 4 + 2 + 27) / total, (10 + 40 + 20 - 15) / total];
        expect(model.centroids.data[0]).toBeCloseTo(mean[0] as number, 12);
        expect(model.centroids.data[1]).toBeCloseTo(mean[1] as number, 12);
        expect(Array.from(model.labels)).toEqual([0, 0, 0, 0]);
        let inertia = 0;
        for (let i = 0; i < 4; i++) {
          inertia +=
            (sampleWeight[i] as number) * ((x.data[2 * i] as number) - (mean[0] as number)) ** 2 +
            (sampleWeight[i] as number) *
              ((x.data[2 * i + 1] as number) - (mean[1] as number)) ** 2;
        }
        expect(model.inertia).toBeCloseTo(inertia, 9);
      }
    });

    it('k = n: every point is its own cluster, inertia 0', () => {
      const rows = [
        [0, 0],
        [1, 0],
        [0, 1],
        [5, 5],
        [-3, 2],
      ];
      for (const algorithm of ALGORITHMS) {
        for (const init of ['k-means++', 'random'] as const) {
          const model = new KMeans({ k: 5, init, algorithm, seed: 4 }).fit(rows);
          expect(model.inertia).toBe(0);
          expect(new Set(model.labels).size).toBe(5);
        }
      }
    });

    it('duplicate points: clusters over the distinct points, duplicates share a label', () => {
      const rows = [
        [0, 0],
        [0, 0],
        [0, 0],
        [10, 10],
        [10, 10],
        [-10, 5],
      ];
      for (const algorithm of ALGORITHMS) {
        for (const init of ['k-means++', 'random'] as const) {
          for (let seed = 0; seed < 5; seed++) {
            const model = new KMeans({ k: 3, init, algorithm, seed }).fit(rows);
            expect(model.inertia).toBe(0);
            const labels = model.labels;
            expect(labels[0]).toBe(labels[1]);
            expect(labels[1]).toBe(labels[2]);
            expect(labels[3]).toBe(labels[4]);
            expect(new Set(labels).size).toBe(3);
          }
        }
      }
    });

    it('k larger than the number of distinct points is a clear INVALID_INPUT', () => {
      const rows = [
        [1, 1],
        [1, 1],
        [2, 2],
        [-0, 3],
        [0, 3],
      ];
      const error = expectError(() => new KMeans({ k: 4 }).fit(rows), 'INVALID_INPUT');
      expect(error.message).toMatch(/k = 4 but the data has only 3 distinct points/);
      expect(() => new KMeans({ k: 3 }).fit(rows)).not.toThrow();
      // Zero-weight rows do not count.
      expectError(
        () => new KMeans({ k: 3 }).fit(rows, { sampleWeight: [1, 1, 0, 1, 1] }),
        'INVALID_INPUT',
      );
    });

    it('re-seeds an empty cluster at the point farthest from its centroid', () => {
      // Centroid 2 starts far away from everything: nothing is assigned to it at first.
      const rows = [[0], [1], [2], [10], [11], [30]];
      const model = new KMeans({ k: 3, init: [[0.5], [10.5], [1000]], tol: 0 }).fit(rows);
      // After the first assignment, 30 is the farthest from its centroid (10.5) and moves to
      // the empty cluster; the run then settles on {0,1,2}, {10,11}, {30}.
      expect(Array.from(model.centroids.data)).toEqual([1, 10.5, 30]);
      expect(Array.from(model.labels)).toEqual([0, 0, 0, 1, 1, 2]);
    });

    it('a run that produces duplicate initial centroids still ends with k clusters', () => {
      // Explicit duplicate centroids: one cluster is empty on the first pass.
      const { x } = blobs(600, 3, 2, 1, 8);
      const first = [x.data[0] as number, x.data[1] as number];
      for (const algorithm of ALGORITHMS) {
        const model = new KMeans({ k: 3, init: [first, first, first], algorithm }).fit(x);
        expect(new Set(model.labels).size).toBe(3);
      }
    });
  });

  describe('input errors', () => {
    it('NaN and Infinity name the feature and row', () => {
      const x = wholesale();
      const data = Float64Array.from(x.data);
      data[7 * 6 + 2] = NaN;
      const error = expectError(() => new KMeans({ k: 3 }).fit({ ...x, data }), 'INVALID_INPUT');
      expect(error.column).toBe('Grocery');
      expect(error.row).toBe(8);
      expect(error.message).toMatch(/feature "Grocery" is NaN at row 8/);

      const unnamed = expectError(
        () =>
          new KMeans({ k: 2 }).fit([
            [1, 2],
            [3, Infinity],
          ]),
        'INVALID_INPUT',
      );
      expect(unnamed.message).toMatch(/feature 1 \(0-based column index\) is Infinity at row 2/);
      expect(unnamed.row).toBe(2);
    });

    it('bad k and other options are INVALID_OPTION', () => {
      for (const k of [0, -1, 2.5, NaN, '3']) {
        expectError(() => new KMeans({ k: k as number }), 'INVALID_OPTION');
      }
      expectError(() => new KMeans({} as { k: number }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, nInit: 0 }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, maxIter: 1.5 }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, tol: -1 }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, seed: 0.5 }), 'INVALID_OPTION');
      expectError(
        () => new KMeans({ k: 2, algorithm: 'fast' as KMeansAlgorithm }),
        'INVALID_OPTION',
      );
      expectError(() => new KMeans({ k: 2, init: [[1, 2]] }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, init: [[1, 2], [3]] }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, init: [[1], [2]], nInit: 3 }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, threads: 0 }), 'INVALID_OPTION');
      expectError(() => new KMeans({ k: 2, kk: 3 } as { k: number }), 'INVALID_OPTION');
      expectError(
        () => new KMeans({ k: 2, backend: 'ml-kmeans', algorithm: 'elkan' }),
        'INVALID_OPTION',
      );
    });

    it('bad data and weights are INVALID_INPUT', () => {
      const rows = [
        [1, 2],
        [3, 4],
        [5, 7],
      ];
      expectError(() => new KMeans({ k: 2 }).fit([]), 'INVALID_INPUT');
      expectError(() => new KMeans({ k: 2 }).fit([[1, 2], [3]]), 'INVALID_INPUT');
      expectError(
        () => new KMeans({ k: 2 }).fit({ data: new Float64Array(5), rows: 2, cols: 3 }),
        'INVALID_INPUT',
      );
      expectError(() => new KMeans({ k: 2 }).fit(rows, { sampleWeight: [1, 2] }), 'INVALID_INPUT');
      expectError(
        () => new KMeans({ k: 2 }).fit(rows, { sampleWeight: [1, -1, 2] }),
        'INVALID_INPUT',
      );
      expectError(
        () => new KMeans({ k: 2 }).fit(rows, { sampleWeight: [0, 0, 0] }),
        'INVALID_INPUT',
      );
      expectError(() => new KMeans({ k: 2, init: [[1], [2]] }).fit(rows), 'INVALID_INPUT');
    });

    it('predict before fit is NOT_FITTED; wrong width is INVALID_INPUT', () => {
      expectError(() => new KMeans({ k: 2 }).predict([[1, 2]]), 'NOT_FITTED');
      expectError(() => new KMeans({ k: 2 }).toJSON(), 'NOT_FITTED');
      const model = new KMeans({ k: 2 }).fit(wholesale());
      expectError(() => model.predict([[1, 2]]), 'INVALID_INPUT');
      const x = wholesale();
      const renamed = { ...x, names: ['a', 'b', 'c', 'd', 'e', 'f'] };
      expectError(() => model.predict(renamed), 'INVALID_INPUT');
    });
  });

  describe('sample weights', () => {
    it.each(ALGORITHMS)('%s: integer weights equal duplicating rows', (algorithm) => {
      const { x } = blobs(300, 4, 3, 3, 31);
      const weights: number[] = [];
      const rows: number[][] = [];
      for (let i = 0; i < x.rows; i++) {
        const w = (i % 3) + 1;
        weights.push(w);
        const row = Array.from(x.data.subarray(i * 3, i * 3 + 3));
        for (let r = 0; r < w; r++) rows.push(row);
      }
      const init = [0, 50, 100, 150].map((i) => Array.from(x.data.subarray(i * 3, i * 3 + 3)));
      const weighted = new KMeans({ k: 4, init, algorithm, tol: 0 }).fit(x, {
        sampleWeight: weights,
      });
      const duplicated = new KMeans({ k: 4, init, algorithm, tol: 0 }).fit(rows);
      expect(Math.abs(weighted.inertia - duplicated.inertia) / duplicated.inertia).toBeLessThan(
        1e-12,
      );
      const a = weighted.centroids.data;
      const b = duplicated.centroids.data;
      for (let t = 0; t < a.length; t++) expect(a[t]).toBeCloseTo(b[t] as number, 12);
      // Expand the weighted labels to the duplicated rows.
      const expanded: number[] = [];
      weighted.labels.forEach((label, i) => {
        for (let r = 0; r < (weights[i] as number); r++) expanded.push(label);
      });
      expect(Array.from(duplicated.labels)).toEqual(expanded);
    });

    it('score is minus the weighted inertia', () => {
      const x = wholesale();
      const model = new KMeans({ k: 3, seed: 1 }).fit(x);
      expect(model.score(x)).toBeCloseTo(-model.inertia, 9);
      const sampleWeight = Array.from({ length: x.rows }, (_, i) => (i % 2) + 1);
      const weighted = new KMeans({ k: 3, seed: 1 }).fit(x, { sampleWeight });
      expect(weighted.score(x, { sampleWeight })).toBeCloseTo(-weighted.inertia, 9);
    });
  });

  describe('predict / transform', () => {
    it('predict on the training data returns the training labels', () => {
      const x = wholesale();
      const model = new KMeans({ k: 5, seed: 2 }).fit(x);
      expect(bytes(model.predict(x))).toEqual(bytes(model.labels));
      expect(bytes(model.fitPredict(x))).toEqual(bytes(model.labels));
    });

    it('transform gives Euclidean distances; their argmin is predict', () => {
      const x = wholesale();
      const model = new KMeans({ k: 4, seed: 2 }).fit(x);
      const distances = model.transform(x);
      const labels = model.predict(x);
      const c = model.centroids.data;
      expect(distances).toHaveLength(x.rows * 4);
      for (let i = 0; i < x.rows; i += 37) {
        let best = 0;
        for (let j = 0; j < 4; j++) {
          let s = 0;
          for (let t = 0; t < 6; t++)
            s += ((x.data[i * 6 + t] as number) - (c[j * 6 + t] as number)) ** 2;
          expect(distances[i * 4 + j]).toBeCloseTo(Math.sqrt(s), 12);
          if ((distances[i * 4 + j] as number) < (distances[i * 4 + best] as number)) best = j;
        }
        expect(labels[i]).toBe(best);
      }
    });
  });

  describe('JSON', () => {
    it('round-trips exactly, through a string too', () => {
      const x = wholesale();
      const model = new KMeans({ k: 4, seed: 5, recordHistory: true }).fit(x);
      const text = JSON.stringify(model.toJSON());
      const restored = KMeans.fromJSON(JSON.parse(text) as unknown);
      const again = KMeans.fromJSON(text);
      for (const copy of [restored, again]) {
        expect(copy.params).toEqual(model.params);
        expect(bytes(copy.centroids.data)).toEqual(bytes(model.centroids.data));
        expect(bytes(copy.labels)).toEqual(bytes(model.labels));
        expect(copy.inertia).toBe(model.inertia);
        expect(copy.iterations).toBe(model.iterations);
        expect(copy.learned).toEqual(model.learned);
        expect(bytes(copy.predict(x))).toEqual(bytes(model.predict(x)));
        expect(JSON.stringify(copy.toJSON())).toBe(text);
      }
    });

    it('round-trips explicit initial centroids', () => {
      const model = new KMeans({
        k: 2,
        init: [
          [0, 0],
          [5, 5],
        ],
      }).fit([
        [0, 1],
        [1, 0],
        [5, 6],
        [6, 5],
      ]);
      const copy = KMeans.fromJSON(JSON.parse(JSON.stringify(model)) as unknown);
      expect(copy.params.init).toEqual([
        [0, 0],
        [5, 5],
      ]);
      expect(copy.toJSON()).toEqual(model.toJSON());
    });

    it('refuses malformed models with INVALID_MODEL', () => {
      const model = new KMeans({ k: 2, seed: 1 }).fit(wholesale());
      const json = model.toJSON() as unknown as { params: object; state: Record<string, unknown> };
      const broken = (state: Record<string, unknown>): unknown => ({
        ...json,
        state: { ...json.state, ...state },
      });
      expectError(() => KMeans.fromJSON(broken({ labels: [0, 2] })), 'INVALID_MODEL');
      expectError(() => KMeans.fromJSON(broken({ centroids: [[1, 2]] })), 'INVALID_MODEL');
      expectError(() => KMeans.fromJSON(broken({ nFeatures: 0 })), 'INVALID_MODEL');
      expectError(() => KMeans.fromJSON(broken({ algorithm: 'magic' })), 'INVALID_MODEL');
      expectError(
        () => KMeans.fromJSON({ ...json, params: { ...json.params, k: 0 } }),
        'INVALID_MODEL',
      );
      expectError(() => KMeans.fromJSON({ ...json, type: 'MiniBatchKMeans' }), 'INVALID_MODEL');
      expectError(() => KMeans.fromJSON('{not json'), 'INVALID_MODEL');
    });
  });

  it('learned is a copy the caller may modify', () => {
    const model = new KMeans({ k: 2, seed: 1 }).fit(wholesale());
    const learned = model.learned;
    learned.labels.fill(0);
    learned.centroids.data.fill(0);
    expect(new Set(model.labels).size).toBe(2);
    expect(model.centroids.data.some((v) => v !== 0)).toBe(true);
    expect(learned.nFeatures).toBe(6);
    expect(learned.featureNames).toEqual(wholesale().names);
    expect(['lloyd', 'elkan', 'hamerly']).toContain(learned.algorithm);
  });
});
