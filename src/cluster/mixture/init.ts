/**
 * Where each EM run of {@link GaussianMixture} starts: responsibilities from k-means,
 * k-means++ seeds or random numbers, turned into parameters by one M step, then overridden
 * by any initial weights, means or precisions the caller gave (scikit-learn's
 * `_initialize_parameters` and `_initialize`).
 *
 * @module
 */
import { ChunkRunner } from '../kmeans/chunk-runner.js';
import { kmeansPlusPlus } from '../kmeans/init.js';
import { KMeans } from '../kmeans/kmeans.js';
import { kernelsFor } from '../kmeans/kernels.js';
import type { Matrix } from '../kmeans/matrix.js';
import type { Xoshiro128 } from '../kmeans/random.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  cholesky,
  estimateGaussianParameters,
  precisionCholesky,
  type CovarianceType,
} from './gaussian.js';
import { flattenPrecisions, type GaussianMixtureParams } from './params.js';

/** The parameters one EM run starts from. */
export interface StartingPoint {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly precisionsCholesky: Float64Array;
}

/**
 * Checks the given initial means and precisions against the data's number of features:
 * `INVALID_INPUT` naming the option when they were written for other data.
 */
export function checkInitShapes(params: GaussianMixtureParams, d: number, owner: string): void {
  const { meansInit, precisionsInit, covarianceType, k } = params;
  const width = meansInit?.[0]?.length;
  if (width !== undefined && width !== d) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: option "meansInit" has ${width} features but the data has ${d}`,
    );
  }
  if (precisionsInit !== undefined) {
    const implied = flattenPrecisions(precisionsInit, covarianceType, k, owner).d;
    if (implied !== undefined && implied !== d) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: option "precisionsInit" is for ${implied} features but the data has ${d}`,
      );
    }
  }
}

/** The starting point of one run; draws from `rng` unless everything was given. */
export function startingPoint(
  x: Matrix,
  params: GaussianMixtureParams,
  rng: Xoshiro128,
  owner: string,
): StartingPoint {
  const { k, covarianceType, regCovar, weightsInit, meansInit, precisionsInit } = params;
  const n = x.rows;
  const d = x.cols;
  const resp = initialResponsibilities(x, params, rng);
  const estimated = estimateGaussianParameters(x, resp, k, regCovar, covarianceType);
  const weights = new Float64Array(k);
  for (let j = 0; j < k; j++) weights[j] = (estimated.nk[j] as number) / n;
  if (weightsInit !== undefined) weights.set(weightsInit);
  const means = estimated.means;
  if (meansInit !== undefined) meansInit.forEach((row, j) => means.set(row, j * d));
  const precisionsCholesky =
    precisionsInit === undefined
      ? precisionCholesky(estimated.covariances, covarianceType, d, owner)
      : givenPrecisionCholesky(precisionsInit, covarianceType, k, d, owner);
  return { weights, means, precisionsCholesky };
}

/** Responsibilities n × k, one-hot or random, per `params.init`. */
function initialResponsibilities(
  x: Matrix,
  params: GaussianMixtureParams,
  rng: Xoshiro128,
): Float64Array {
  const { k, init } = params;
  const n = x.rows;
  const resp = new Float64Array(n * k);
  if (init === 'random') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += resp[i * k + j] = rng.nextFloat();
      for (let j = 0; j < k; j++) resp[i * k + j]! /= s;
    }
  } else if (init === 'kmeans') {
    // A 32-bit seed from our own stream: each run's k-means differs, and all are reproducible.
    const labels = new KMeans({ k, nInit: 1, seed: rng.nextUint32() }).fit(x).labels;
    for (let i = 0; i < n; i++) resp[i * k + (labels[i] as number)] = 1;
  } else {
    const runner = new ChunkRunner(x, null, k, kernelsFor(x.cols), {
      bounds: 'none',
      seeding: true,
      threads: 1,
    });
    let centroids: Float64Array;
    try {
      centroids = kmeansPlusPlus(runner, k, rng);
    } finally {
      runner.close();
    }
    // scikit-learn marks the seed rows themselves; the first row equal to a seed is that row
    // or an exact duplicate of it, which gives the same parameters.
    for (let j = 0; j < k; j++) resp[seedRow(x, centroids, j) * k + j] = 1;
  }
  return resp;
}

function seedRow(x: Matrix, centroids: Float64Array, j: number): number {
  const d = x.cols;
  for (let i = 0; i < x.rows; i++) {
    let same = true;
    for (let t = 0; t < d && same; t++) same = x.data[i * d + t] === centroids[j * d + t];
    if (same) return i;
  }
  return 0; // not reached: every seed is a row of x
}

/**
 * Precision factors from given precisions: lower Cholesky factors of the matrices (full,
 * tied), square roots of the values (diag, spherical), as scikit-learn.
 */
function givenPrecisionCholesky(
  precisions: unknown,
  type: CovarianceType,
  k: number,
  d: number,
  owner: string,
): Float64Array {
  const { flat } = flattenPrecisions(precisions, type, k, owner);
  if (type === 'diag' || type === 'spherical') return flat.map(Math.sqrt);
  const out = new Float64Array(flat.length);
  for (let c = 0; c < flat.length / (d * d); c++) cholesky(flat, c * d * d, d, out, c * d * d);
  return out;
}
