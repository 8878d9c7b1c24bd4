/**
 * What a fitted {@link GaussianMixture} knows, and its JSON form (read back with every field
 * checked, `INVALID_MODEL` otherwise).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { readArray, readObject } from '../../preprocess/state-json.js';
import type { Matrix } from '../kmeans/matrix.js';
import { covarianceSize, precisionCholesky, type CovarianceType } from './gaussian.js';

/** What `fit` learned; read it from the model's `learned` getter. */
export interface GaussianMixtureLearned {
  /** Mixing weights, k numbers summing to 1. */
  readonly weights: Float64Array;
  /** Means, k × nFeatures, with the feature names when known. */
  readonly means: Matrix;
  /**
   * Covariances, flat and row-major: k × d × d (`'full'`), d × d (`'tied'`), k × d
   * (`'diag'`), k (`'spherical'`); the same layout as scikit-learn's `covariances_`.
   */
  readonly covariances: Float64Array;
  /** Precision factors `P` (`P Pᵀ = Σ⁻¹`), same layout as the covariances. */
  readonly precisionsCholesky: Float64Array;
  /** Most likely component of each training row. */
  readonly labels: Int32Array;
  /** Lower bound (mean log-likelihood per row) of the kept run at its last E step. */
  readonly lowerBound: number;
  /** EM iterations of the kept run. */
  readonly iterations: number;
  /** False when the kept run stopped at `maxIter` before the lower bound settled. */
  readonly converged: boolean;
  /** Number of features seen at fit. */
  readonly nFeatures: number;
  /** Feature names seen at fit, when the matrix had them. */
  readonly featureNames: readonly string[] | undefined;
}

/** The learned state as plain JSON (the precision factors are recomputed when read). */
export function mixtureStateJSON(state: GaussianMixtureLearned): Record<string, unknown> {
  const { means } = state;
  const rows: number[][] = [];
  for (let j = 0; j < means.rows; j++) {
    rows.push(Array.from(means.data.subarray(j * means.cols, (j + 1) * means.cols)));
  }
  return {
    nFeatures: state.nFeatures,
    featureNames: state.featureNames === undefined ? null : [...state.featureNames],
    weights: Array.from(state.weights),
    means: rows,
    covariances: Array.from(state.covariances),
    labels: Array.from(state.labels),
    lowerBound: state.lowerBound,
    iterations: state.iterations,
    converged: state.converged,
  };
}

/** Reads {@link mixtureStateJSON} output back for `k` components of the given type. */
export function readMixtureState(
  value: unknown,
  k: number,
  type: CovarianceType,
  model: string,
): GaussianMixtureLearned {
  const state = readObject(value, 'state', model);
  const bad = (field: string, what: string): CohortlabError =>
    new CohortlabError('INVALID_MODEL', `${model} model field "${field}" ${what}`);
  const nFeatures = state['nFeatures'];
  if (typeof nFeatures !== 'number' || !Number.isSafeInteger(nFeatures) || nFeatures < 1) {
    throw bad('nFeatures', 'must be a whole number >= 1');
  }
  const d = nFeatures;
  const numbers = (field: string, length: number, list: unknown = state[field]): Float64Array => {
    const values = readArray(list, field, model);
    if (
      values.length !== length ||
      !values.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw bad(field, `must be ${length} finite numbers`);
    }
    return Float64Array.from(values as number[]);
  };
  let featureNames: string[] | undefined;
  const names = state['featureNames'];
  if (names !== null && names !== undefined) {
    const list = readArray(names, 'featureNames', model);
    if (list.length !== d || !list.every((v) => typeof v === 'string')) {
      throw bad('featureNames', `must list ${d} names`);
    }
    featureNames = [...(list as string[])];
  }
  const weights = numbers('weights', k);
  const meanRows = readArray(state['means'], 'means', model);
  if (meanRows.length !== k) throw bad('means', `must have ${k} rows`);
  const meansData = new Float64Array(k * d);
  meanRows.forEach((row, j) => meansData.set(numbers('means', d, row), j * d));
  const covariances = numbers('covariances', covarianceSize(type, k, d));
  const labelList = readArray(state['labels'], 'labels', model);
  const labels = new Int32Array(labelList.length);
  labelList.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= k) {
      throw bad('labels', `must be whole numbers in [0, ${k})`);
    }
    labels[i] = v;
  });
  const lowerBound = state['lowerBound'];
  if (typeof lowerBound !== 'number' || !Number.isFinite(lowerBound)) {
    throw bad('lowerBound', 'must be a finite number');
  }
  const iterations = state['iterations'];
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 1) {
    throw bad('iterations', 'must be a whole number >= 1');
  }
  const converged = state['converged'];
  if (typeof converged !== 'boolean') throw bad('converged', 'must be true or false');
  let precisionsCholesky: Float64Array;
  try {
    precisionsCholesky = precisionCholesky(covariances, type, d, model);
  } catch (cause) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${model} model field "covariances" holds a covariance that is not positive definite`,
      {},
      cause,
    );
  }
  const means: Matrix =
    featureNames === undefined
      ? { data: meansData, rows: k, cols: d }
      : { data: meansData, rows: k, cols: d, names: featureNames };
  return {
    weights,
    means,
    covariances,
    precisionsCholesky,
    labels,
    lowerBound,
    iterations,
    converged,
    nFeatures: d,
    featureNames,
  };
}

/** A copy whose arrays the caller may change freely. */
export function copyMixtureState(state: GaussianMixtureLearned): GaussianMixtureLearned {
  return {
    ...state,
    weights: Float64Array.from(state.weights),
    means: { ...state.means, data: Float64Array.from(state.means.data) },
    covariances: Float64Array.from(state.covariances),
    precisionsCholesky: Float64Array.from(state.precisionsCholesky),
    labels: Int32Array.from(state.labels),
  };
}
