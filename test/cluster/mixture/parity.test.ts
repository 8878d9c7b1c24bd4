/**
 * Parity with scikit-learn 1.2.1's GaussianMixture from the same initial weights, means and
 * precisions (fixture: scripts/fixtures/mixture.py) on Wholesale (log1p, z), Mall (z) and
 * a blob set, for each covariance type.
 */
import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../../../src/cluster/mixture/index.js';
import { fixtureMatrix, maxRelDiff, mixtureFixture } from './helpers.js';

const fixture = mixtureFixture();

describe('GaussianMixture parity with scikit-learn', () => {
  it('the fixture was written by scikit-learn 1.2.1', () => {
    expect(fixture.sklearn).toBe('1.2.1');
  });

  it.each(fixture.cases.map((c) => [c.data, c.covarianceType, c.maxIter, c] as const))(
    '%s, %s, maxIter %i: weights, means, covariances, lower bound to 1e-8, same labels',
    (data, covarianceType, maxIter, c) => {
      const x = fixtureMatrix(data);
      const gmm = new GaussianMixture({
        k: c.k,
        covarianceType,
        tol: c.tol,
        maxIter,
        regCovar: c.regCovar,
        weightsInit: c.weightsInit,
        meansInit: c.meansInit,
        precisionsInit: c.precisionsInit,
      }).fit(x);
      expect(gmm.iterations).toBe(c.nIter);
      expect(gmm.converged).toBe(c.converged);
      expect(maxRelDiff(gmm.weights, c.weights)).toBeLessThan(1e-8);
      expect(maxRelDiff(gmm.means.data, c.means.flat())).toBeLessThan(1e-8);
      expect(maxRelDiff(gmm.covariances, c.covariances)).toBeLessThan(1e-8);
      expect(maxRelDiff([gmm.lowerBound], [c.lowerBound])).toBeLessThan(1e-8);
      expect(Array.from(gmm.labels)).toEqual(c.labels);
      expect(Array.from(gmm.predict(x))).toEqual(c.labels);
      const head = {
        data: x.data.subarray(0, (c.proba.length / c.k) * x.cols),
        rows: c.proba.length / c.k,
        cols: x.cols,
      };
      // Memberships near 0 are compared absolutely: they are differences of near-equal logs.
      expect(maxRelDiff(gmm.predictProba(head), c.proba, 1e-3)).toBeLessThan(1e-8);
      expect(
        maxRelDiff([gmm.score(x), gmm.bic(x), gmm.aic(x)], [c.score, c.bic, c.aic]),
      ).toBeLessThan(1e-8);
      expect(gmm.warnings.length).toBe(c.converged ? 0 : 1);
    },
  );
});
