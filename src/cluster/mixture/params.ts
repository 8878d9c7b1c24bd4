/**
 * Hyperparameters of {@link GaussianMixture} and their run-time checks (options arrive from
 * TypeScript, notebooks and parsed JSON alike), including the optional initial weights, means
 * and precisions that let a fit start exactly where scikit-learn's does.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions, enumOption, type RawOptions } from '../../util/options.js';
import { integerOption, nonNegativeOption } from '../kmeans/options.js';
import { cholesky, type CovarianceType } from './gaussian.js';

/**
 * How the responsibilities of each run start: `'kmeans'` (labels of a one-run k-means, as
 * one-hot responsibilities; scikit-learn's default), `'k-means++'` (k seeds drawn by
 * k-means++, each owning only itself), `'random'` (uniform random responsibilities,
 * normalised per row). `weightsInit`, `meansInit` and `precisionsInit` override what this
 * gives, part by part.
 */
export type MixtureInit = 'kmeans' | 'k-means++' | 'random';

/**
 * Initial precisions (inverse covariances), shaped by the covariance type: k matrices d × d
 * (`'full'`), one d × d matrix (`'tied'`), k rows of d (`'diag'`), k numbers (`'spherical'`).
 */
export type PrecisionsInit =
  readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];

/** Hyperparameters of {@link GaussianMixture}, defaults filled in. */
export interface GaussianMixtureParams {
  /** Number of components (segments), a whole number ≥ 1. */
  readonly k: number;
  /** Shape of the covariances (default `'full'`). */
  readonly covarianceType: CovarianceType;
  /** EM stops when the lower bound (mean log-likelihood) changes by less than this (1e-3). */
  readonly tol: number;
  /** Added to every variance so covariances stay positive definite (1e-6). */
  readonly regCovar: number;
  /** Most EM iterations of one run (100). */
  readonly maxIter: number;
  /** Runs from different starts; the one with the highest lower bound is kept (1). */
  readonly nInit: number;
  /** How each run starts (default `'kmeans'`). */
  readonly init: MixtureInit;
  /** Initial mixing weights (k numbers ≥ 0 summing to 1), or undefined. */
  readonly weightsInit: readonly number[] | undefined;
  /** Initial means (k rows of d numbers), or undefined. */
  readonly meansInit: readonly (readonly number[])[] | undefined;
  /** Initial precisions (see {@link PrecisionsInit}), or undefined. */
  readonly precisionsInit: PrecisionsInit | undefined;
  /** Seed of the random choices (k-means, k-means++, random starts): same seed, same bytes. */
  readonly seed: number;
}

/** Options of the {@link GaussianMixture} constructor: `k` is required. */
export type GaussianMixtureOptions = Partial<GaussianMixtureParams> & { readonly k: number };

const KEYS = [
  'k',
  'covarianceType',
  'tol',
  'regCovar',
  'maxIter',
  'nInit',
  'init',
  'weightsInit',
  'meansInit',
  'precisionsInit',
  'seed',
];
const TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const INITS: readonly MixtureInit[] = ['kmeans', 'k-means++', 'random'];

/** Parses and checks the constructor's options. */
export function mixtureParams(options: unknown, owner: string): GaussianMixtureParams {
  const raw = checkOptions(options, KEYS, owner);
  if (raw['k'] === undefined) {
    throw new CohortlabError('INVALID_OPTION', `${owner} needs option "k" (number of components)`);
  }
  const k = integerOption(raw, 'k', 1, 1, owner);
  const covarianceType = enumOption(raw, 'covarianceType', TYPES, 'full', owner);
  const seed = raw['seed'] ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new CohortlabError('INVALID_OPTION', `${owner} option "seed" must be a safe integer`);
  }
  const weightsInit = weightsOption(raw, k, owner);
  const meansInit = meansOption(raw, k, owner);
  const precisionsInit =
    raw['precisionsInit'] === undefined
      ? undefined
      : flattenPrecisions(raw['precisionsInit'], covarianceType, k, owner).nested;
  const params: GaussianMixtureParams = {
    k,
    covarianceType,
    tol: nonNegativeOption(raw, 'tol', 1e-3, owner),
    regCovar: nonNegativeOption(raw, 'regCovar', 1e-6, owner),
    maxIter: integerOption(raw, 'maxIter', 100, 1, owner),
    nInit: integerOption(raw, 'nInit', 1, 1, owner),
    init: enumOption(raw, 'init', INITS, 'kmeans', owner),
    weightsInit,
    meansInit,
    precisionsInit,
    seed,
  };
  if (meansInit !== undefined && precisionsInit !== undefined) {
    const d = flattenPrecisions(precisionsInit, covarianceType, k, owner).d;
    if (d !== undefined && d !== meansInit[0]?.length) {
      throw bad(
        owner,
        'precisionsInit',
        `is for ${d} features but meansInit has ${meansInit[0]?.length}`,
      );
    }
  }
  return Object.freeze(params);
}

function bad(owner: string, key: string, what: string): CohortlabError {
  return new CohortlabError('INVALID_OPTION', `${owner} option "${key}" ${what}`);
}

function finiteList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function weightsOption(raw: RawOptions, k: number, owner: string): readonly number[] | undefined {
  const value = raw['weightsInit'];
  if (value === undefined) return undefined;
  if (!finiteList(value) || value.length !== k || value.some((v) => v < 0 || v > 1)) {
    throw bad(owner, 'weightsInit', `must be ${k} numbers in [0, 1]`);
  }
  const total = value.reduce((s, v) => s + v, 0);
  // scikit-learn's check: np.allclose(|1 - sum|, 0), i.e. within 1e-8.
  if (!(Math.abs(1 - total) <= 1e-8))
    throw bad(owner, 'weightsInit', `must sum to 1, got ${total}`);
  return Object.freeze([...value]);
}

function meansOption(
  raw: RawOptions,
  k: number,
  owner: string,
): readonly (readonly number[])[] | undefined {
  const value = raw['meansInit'];
  if (value === undefined) return undefined;
  const d = Array.isArray(value) && Array.isArray(value[0]) ? (value[0] as unknown[]).length : 0;
  if (
    !Array.isArray(value) ||
    value.length !== k ||
    d === 0 ||
    !value.every((row) => finiteList(row) && row.length === d)
  ) {
    throw bad(owner, 'meansInit', `must be ${k} rows of the same number of finite numbers`);
  }
  return Object.freeze(value.map((row: number[]) => Object.freeze([...row])));
}

/**
 * Checks initial precisions against the covariance type and `k` and flattens them; `d` is the
 * number of features they imply (undefined for `'spherical'`). Matrices must be symmetric
 * and positive definite, variances positive.
 */
export function flattenPrecisions(
  value: unknown,
  type: CovarianceType,
  k: number,
  owner: string,
): { flat: Float64Array; d: number | undefined; nested: PrecisionsInit } {
  const fail = (what: string): CohortlabError => bad(owner, 'precisionsInit', what);
  if (type === 'spherical') {
    if (!finiteList(value) || value.length !== k || value.some((v) => !(v > 0))) {
      throw fail(`must be ${k} positive numbers for covarianceType 'spherical'`);
    }
    return { flat: Float64Array.from(value), d: undefined, nested: Object.freeze([...value]) };
  }
  if (type === 'diag') {
    const d = Array.isArray(value) && Array.isArray(value[0]) ? (value[0] as unknown[]).length : 0;
    if (
      !Array.isArray(value) ||
      value.length !== k ||
      d === 0 ||
      !value.every((row) => finiteList(row) && row.length === d && row.every((v) => v > 0))
    ) {
      throw fail(`must be ${k} rows of positive numbers for covarianceType 'diag'`);
    }
    const rows = value as number[][];
    return {
      flat: Float64Array.from(rows.flat()),
      d,
      nested: Object.freeze(rows.map((r) => [...r])),
    };
  }
  const matrices = type === 'tied' ? [value] : value;
  if (!Array.isArray(matrices) || (type === 'full' && matrices.length !== k)) {
    throw fail(
      `must be ${type === 'full' ? `${k} matrices` : 'one matrix'} for covarianceType '${type}'`,
    );
  }
  const first = matrices[0] as unknown;
  const d = Array.isArray(first) ? first.length : 0;
  const flat = new Float64Array(matrices.length * d * d);
  const l = new Float64Array(d * d);
  matrices.forEach((m: unknown, c: number) => {
    if (
      !Array.isArray(m) ||
      m.length !== d ||
      d === 0 ||
      !m.every((r) => finiteList(r) && r.length === d)
    ) {
      throw fail(`matrix ${c} must be ${d || 'd'} × ${d || 'd'} finite numbers`);
    }
    const rows = m as number[][];
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const v = rows[a]![b]!;
        const w = rows[b]![a]!;
        // numpy's allclose(P, Pᵀ): |a − b| <= 1e-8 + 1e-5 |b|.
        if (!(Math.abs(v - w) <= 1e-8 + 1e-5 * Math.abs(w)))
          throw fail(`matrix ${c} is not symmetric`);
        flat[c * d * d + a * d + b] = v;
      }
    }
    if (!cholesky(flat, c * d * d, d, l, 0)) throw fail(`matrix ${c} is not positive definite`);
  });
  const nested = (matrices as number[][][]).map((m) => m.map((r) => [...r]));
  return { flat, d, nested: Object.freeze(type === 'tied' ? nested[0]! : nested) };
}
