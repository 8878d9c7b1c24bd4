/**
 * The clustering callback that the gap statistic and bootstrap stability run on data they
 * generate or resample. Injected by the caller, so the metrics do not depend on a particular
 * algorithm (k-means, k-medoids, …).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { type ClusterLabels } from './labels.js';
import { type MatrixLike } from './matrix-like.js';

/**
 * Clusters `data` into (at most) `k` clusters and returns one integer label per row. `seed`
 * is a non-negative 32-bit integer chosen by the caller of the metric; the function should be
 * deterministic given its arguments, which makes the metric deterministic. Example with the
 * k-means estimator: `(data, k, seed) => new KMeans({ k, seed }).fit(data).labels`.
 */
export type ClusterFunction = (data: MatrixLike, k: number, seed: number) => ClusterLabels;

/** Checks and returns the `cluster` option. */
export function clusterFunctionOption(value: unknown, owner: string): ClusterFunction {
  if (typeof value !== 'function') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "cluster" must be a function (data, k, seed) => labels`,
    );
  }
  return value as ClusterFunction;
}

/**
 * The `ks` option: a non-empty list of distinct integers ≥ `min`, returned sorted ascending.
 */
export function ksOption(value: unknown, min: number, owner: string): number[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((k) => typeof k === 'number' && Number.isInteger(k) && k >= min)
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "ks" must be a non-empty list of integers >= ${min}`,
    );
  }
  const ks = [...new Set(value as number[])].sort((a, b) => a - b);
  if (ks.length !== value.length) {
    throw new CohortlabError('INVALID_OPTION', `${owner} option "ks" lists a k twice`);
  }
  return ks;
}

/** A positive integer option (`fallback` when absent). */
export function countOption(value: unknown, fallback: number, key: string, owner: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new CohortlabError('INVALID_OPTION', `${owner} option "${key}" must be an integer >= 1`);
  }
  return value;
}
