/**
 * GaussianMixture behaviour beyond the scikit-learn fixture: seeded starts, best of nInit,
 * densities against a hand computation, parameter counts, JSON round trip, errors, warnings.
 */
import { describe, expect, it } from 'vitest';
import { adjustedRandScore } from '../../../src/cluster/metrics/index.js';
import { GaussianMixture, type CovarianceType } from '../../../src/cluster/mixture/index.js';
import { blobs, bytes, expectError } from '../kmeans/helpers.js';
import { fixtureMatrix } from './helpers.js';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const wholesale = fixtureMatrix('wholesale');

describe('GaussianMixture', () => {
  it.each(['kmeans', 'k-means++', 'random'] as const)(
    'init %s: same seed, same bytes; nInit = 5 keeps a lower bound >= its first run',
    (init) => {
      const a = new GaussianMixture({ k: 4, init, seed: 3, covarianceType: 'diag' }).fit(wholesale);
      const b = new GaussianMixture({ k: 4, init, seed: 3, covarianceType: 'diag' }).fit(wholesale);
      expect(bytes(a.means.data)).toEqual(bytes(b.means.data));
      expect(bytes(a.covariances)).toEqual(bytes(b.covariances));
      expect(a.lowerBound).toBe(b.lowerBound);
      const five = new GaussianMixture({ k: 4, init, seed: 3, nInit: 5, covarianceType: 'diag' });
      expect(five.fit(wholesale).lowerBound).toBeGreaterThanOrEqual(a.lowerBound);
    },
  );

  it('recovers well-separated blobs exactly with every covariance type', () => {
    const { x, truth } = blobs(600, 3, 2, 0.6, 11);
    for (const covarianceType of TYPES) {
      const gmm = new GaussianMixture({ k: 3, covarianceType, seed: 0 }).fit(x);
      expect(adjustedRandScore(gmm.labels, truth)).toBe(1);
      const weights = Array.from(gmm.weights).sort();
      for (const w of weights) expect(w).toBeCloseTo(1 / 3, 6);
    }
  });

  it('scoreSamples is the log of the weighted Gaussian densities, computed by hand (2-D, full)', () => {
    const { x } = blobs(300, 3, 2, 1.2, 5);
    const gmm = new GaussianMixture({ k: 3, seed: 2 }).fit(x);
    const w = gmm.weights;
    const mu = gmm.means.data;
    const samples = gmm.scoreSamples(x);
    const proba = gmm.predictProba(x);
    for (let i = 0; i < x.rows; i += 37) {
      const dens: number[] = [];
      for (let j = 0; j < 3; j++) {
        const [a, b, , c] = gmm.covarianceMatrix(j).data as unknown as number[];
        const det = a! * c! - b! * b!;
        const dx = x.data[2 * i]! - mu[2 * j]!;
        const dy = x.data[2 * i + 1]! - mu[2 * j + 1]!;
        const q = (c! * dx * dx - 2 * b! * dx * dy + a! * dy * dy) / det;
        dens.push((w[j]! * Math.exp(-q / 2)) / (2 * Math.PI * Math.sqrt(det)));
      }
      const total = dens[0]! + dens[1]! + dens[2]!;
      expect(samples[i]).toBeCloseTo(Math.log(total), 10);
      for (let j = 0; j < 3; j++) expect(proba[i * 3 + j]).toBeCloseTo(dens[j]! / total, 10);
    }
  });

  it('counts free parameters as scikit-learn, and bic / aic follow from them', () => {
    const x = fixtureMatrix('mall'); // d = 3
    const expected = { full: 39, tied: 21, diag: 27, spherical: 19 }; // k = 4
    for (const covarianceType of TYPES) {
      const gmm = new GaussianMixture({ k: 4, covarianceType, seed: 0 }).fit(x);
      const p = expected[covarianceType];
      expect(gmm.nParameters).toBe(p);
      const logL = gmm.scoreSamples(x).reduce((s, v) => s + v, 0);
      expect(gmm.bic(x)).toBeCloseTo(-2 * logL + p * Math.log(200), 8);
      expect(gmm.aic(x)).toBeCloseTo(-2 * logL + 2 * p, 8);
    }
  });

  it('memberships sum to 1 and the labels are their argmax', () => {
    const gmm = new GaussianMixture({ k: 5, covarianceType: 'tied', seed: 4 }).fit(wholesale);
    const proba = gmm.predictProba(wholesale);
    const labels = gmm.labels;
    for (let i = 0; i < wholesale.rows; i++) {
      const row = Array.from(proba.subarray(i * 5, i * 5 + 5));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      expect(row.indexOf(Math.max(...row))).toBe(labels[i]);
    }
  });

  it('predictTop2: the two largest memberships of each row, in order', () => {
    const gmm = new GaussianMixture({ k: 4, seed: 1 }).fit(wholesale);
    const proba = gmm.predictProba(wholesale);
    const top = gmm.predictTop2(wholesale);
    for (let i = 0; i < wholesale.rows; i++) {
      const row = Array.from(proba.subarray(i * 4, i * 4 + 4));
      const order = [0, 1, 2, 3].sort((a, b) => row[b]! - row[a]! || a - b);
      expect([top.first[i], top.second[i]]).toEqual(order.slice(0, 2));
      expect(top.firstProba[i]).toBe(row[order[0]!]);
      expect(top.secondProba[i]).toBe(row[order[1]!]);
    }
    expect(Array.from(top.first)).toEqual(Array.from(gmm.labels));
    expectError(
      () => new GaussianMixture({ k: 1 }).fit(wholesale).predictTop2(wholesale),
      'INVALID_OPTION',
    );
  });

  it.each(TYPES)('JSON round trip (%s): same parameters and predictions, bit for bit', (type) => {
    const gmm = new GaussianMixture({ k: 3, covarianceType: type, seed: 9, nInit: 2 }).fit(
      wholesale,
    );
    const back = GaussianMixture.fromJSON(JSON.stringify(gmm.toJSON()));
    expect(back.params).toEqual(gmm.params);
    expect(bytes(back.covariances)).toEqual(bytes(gmm.covariances));
    expect(bytes(back.predictProba(wholesale))).toEqual(bytes(gmm.predictProba(wholesale)));
    expect(back.lowerBound).toBe(gmm.lowerBound);
    expect(back.toJSON()).toEqual(gmm.toJSON());
  });

  it('a run stopped by maxIter is a DEGENERATE_FIT warning, kept in JSON', () => {
    const gmm = new GaussianMixture({ k: 4, maxIter: 2, tol: 1e-12, seed: 0 }).fit(wholesale);
    expect(gmm.converged).toBe(false);
    expect(gmm.warnings.map((w) => w.code)).toEqual(['DEGENERATE_FIT']);
    expect(gmm.warnings[0]!.message).toContain('maxIter = 2');
    expect(GaussianMixture.fromJSON(gmm.toJSON()).warnings).toEqual(gmm.warnings);
  });

  it('refuses bad options, bad data and bad models with typed errors', () => {
    expectError(() => new GaussianMixture({} as never), 'INVALID_OPTION');
    expectError(
      () => new GaussianMixture({ k: 2, covarianceType: 'round' as never }),
      'INVALID_OPTION',
    );
    expectError(() => new GaussianMixture({ k: 2, weightsInit: [0.5, 0.6] }), 'INVALID_OPTION');
    expectError(
      () =>
        new GaussianMixture({
          k: 1,
          precisionsInit: [
            [
              [1, 2],
              [2, 1],
            ],
          ],
        }),
      'INVALID_OPTION',
    );
    expectError(
      () => new GaussianMixture({ k: 1, covarianceType: 'diag', precisionsInit: [[1, 0]] }),
      'INVALID_OPTION',
    );
    const wrongWidth = new GaussianMixture({ k: 1, meansInit: [[0, 0]] });
    expect(expectError(() => wrongWidth.fit(wholesale), 'INVALID_INPUT').message).toContain(
      'meansInit',
    );
    const nan = { data: Float64Array.from([1, 2, NaN, 4]), rows: 2, cols: 2 };
    expect(
      expectError(() => new GaussianMixture({ k: 1 }).fit(nan), 'INVALID_INPUT').message,
    ).toMatch(/row 2/);
    expectError(() => new GaussianMixture({ k: 3 }).fit([[1], [2]]), 'INVALID_INPUT');
    const unfitted = new GaussianMixture({ k: 2 });
    expectError(() => unfitted.predict(wholesale), 'NOT_FITTED');
    const gmm = new GaussianMixture({ k: 2, seed: 0 }).fit(wholesale);
    expectError(() => gmm.predict([[1, 2]]), 'INVALID_INPUT');
    const json = gmm.toJSON() as unknown as { state: Record<string, unknown> };
    const broken = { ...json, state: { ...json.state, covariances: [1, 2] } };
    expectError(() => GaussianMixture.fromJSON(broken), 'INVALID_MODEL');
  });
});
