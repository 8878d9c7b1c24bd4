/**
 * Validation of the hyperparameters shared by {@link KMeans} and {@link MiniBatchKMeans}.
 * Options arrive from TypeScript, plain JavaScript notebooks and parsed JSON alike, so each
 * one is checked at run time and a problem is reported as `INVALID_OPTION`.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { RawOptions } from '../../util/options.js';

/**
 * How the first centroids are chosen: `'k-means++'` (scikit-learn's greedy variant),
 * `'random'` (k distinct rows drawn with probability proportional to their sample weight), or
 * the centroids themselves, one row of `nFeatures` numbers per cluster.
 */
export type KMeansInit = 'k-means++' | 'random' | readonly (readonly number[])[];

/** Hyperparameters common to {@link KMeans} and {@link MiniBatchKMeans}. */
export interface CommonParams {
  /** Number of clusters, a whole number ≥ 1. */
  readonly k: number;
  /** Initialization method or initial centroids (see {@link KMeansInit}). */
  readonly init: KMeansInit;
  /** Number of initializations; the run with the lowest inertia is kept. */
  readonly nInit: number;
  /** Most iterations of one run (for mini-batch: passes over the data). */
  readonly maxIter: number;
  /**
   * Convergence tolerance, relative to the data: a run stops when the squared centroid
   * movement summed over clusters is at most `tol` × the mean per-feature variance
   * (scikit-learn's rule). 0 runs until the labels stop changing.
   */
  readonly tol: number;
  /** Seed of the random generator: same seed and data, bit-identical result. */
  readonly seed: number;
}

/** A whole number ≥ `min`, `fallback` when absent. */
export function integerOption(
  options: RawOptions,
  key: string,
  fallback: number,
  min: number,
  owner: string,
): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "${key}" must be a whole number >= ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

/** A finite number ≥ 0, `fallback` when absent. */
export function nonNegativeOption(
  options: RawOptions,
  key: string,
  fallback: number,
  owner: string,
): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "${key}" must be a finite number >= 0, got ${describe(value)}`,
    );
  }
  return value;
}

/**
 * Parses the options shared by both k-means models. `k` is required; `nInit` defaults to
 * `defaultNInit`, or 1 when explicit centroids are given (more than one run from the same
 * centroids would repeat the same work, so asking for it is an error).
 */
export function commonParams(
  raw: RawOptions,
  defaults: { readonly nInit: number; readonly maxIter: number; readonly tol: number },
  owner: string,
): CommonParams {
  if (raw['k'] === undefined) {
    throw new CohortlabError('INVALID_OPTION', `${owner} needs option "k" (number of clusters)`);
  }
  const k = integerOption(raw, 'k', 1, 1, owner);
  const init = initOption(raw['init'], k, owner);
  const explicit = typeof init !== 'string';
  const nInit = integerOption(raw, 'nInit', explicit ? 1 : defaults.nInit, 1, owner);
  if (explicit && nInit !== 1) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: with explicit initial centroids, nInit must be 1 (got ${nInit}): every run would start from the same centroids`,
    );
  }
  const seed = raw['seed'] ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "seed" must be a safe integer, got ${describe(seed)}`,
    );
  }
  return {
    k,
    init,
    nInit,
    maxIter: integerOption(raw, 'maxIter', defaults.maxIter, 1, owner),
    tol: nonNegativeOption(raw, 'tol', defaults.tol, owner),
    seed,
  };
}

/** The `init` option: a method name or k rows of finite numbers of equal length (copied). */
function initOption(value: unknown, k: number, owner: string): KMeansInit {
  if (value === undefined) return 'k-means++';
  if (value === 'k-means++' || value === 'random') return value;
  if (!Array.isArray(value)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "init" must be 'k-means++', 'random' or an array of k centroids`,
    );
  }
  const rows = value as readonly unknown[];
  if (rows.length !== k) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner} option "init" has ${rows.length} centroids but k is ${k}`,
    );
  }
  const first = rows[0];
  const width = Array.isArray(first) ? first.length : 0;
  const out = rows.map((row, i) => {
    if (
      !Array.isArray(row) ||
      row.length !== width ||
      width === 0 ||
      !row.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${owner} option "init": centroid ${i} must be ${width || 'one or more'} finite numbers like centroid 0`,
      );
    }
    return Object.freeze([...(row as number[])]);
  });
  return Object.freeze(out);
}

/** A short description of a bad option value for messages. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'an array';
  return String(value);
}
