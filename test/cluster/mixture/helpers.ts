/**
 * The scikit-learn fixture of the mixture tests (written by scripts/fixtures/mixture.py).
 */
import { readFileSync } from 'node:fs';
import type { Matrix } from '../../../src/cluster/kmeans/matrix.js';
import type { CovarianceType, PrecisionsInit } from '../../../src/cluster/mixture/index.js';

/** One scikit-learn GaussianMixture fit from given initial parameters. */
export interface MixtureCase {
  data: 'wholesale' | 'mall' | 'blobs';
  covarianceType: CovarianceType;
  k: number;
  tol: number;
  maxIter: number;
  regCovar: number;
  weightsInit: number[];
  meansInit: number[][];
  precisionsInit: PrecisionsInit;
  weights: number[];
  means: number[][];
  covariances: number[];
  lowerBound: number;
  nIter: number;
  converged: boolean;
  labels: number[];
  proba: number[];
  score: number;
  bic: number;
  aic: number;
}

/** test/fixtures/cluster/mixture.json. */
export interface MixtureFixture {
  sklearn: string;
  data: Record<string, { rows: number; cols: number; values: number[] }>;
  cases: MixtureCase[];
}

let cached: MixtureFixture | undefined;

/** The parsed fixture. */
export function mixtureFixture(): MixtureFixture {
  cached ??= JSON.parse(
    readFileSync(new URL('../../fixtures/cluster/mixture.json', import.meta.url), 'utf8'),
  ) as MixtureFixture;
  return cached;
}

/** One of the fixture's data sets as a matrix. */
export function fixtureMatrix(name: string): Matrix {
  const d = mixtureFixture().data[name]!;
  return { data: Float64Array.from(d.values), rows: d.rows, cols: d.cols };
}

/** Largest |a − b| / |b| (|b| floored at `floor`) over two arrays of equal length. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(floor, Math.abs(y)));
  }
  return worst;
}
