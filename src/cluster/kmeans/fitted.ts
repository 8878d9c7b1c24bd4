/**
 * What a fitted k-means model knows, shared by {@link KMeans} and {@link MiniBatchKMeans}:
 * the learned state, its JSON form, and the operations that only need the centroids
 * (predict, distances, score).
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { readArray, readObject } from '../../preprocess/state-json.js';
import { CHUNK_ROWS } from './centers.js';
import { accumulatorLayout, kernelsFor } from './kernels.js';
import { checkedMatrix, type Matrix, type MatrixInput } from './matrix.js';

/** The algorithm that produced a fit. */
export type FittedAlgorithm = 'lloyd' | 'elkan' | 'hamerly' | 'ml-kmeans' | 'mini-batch';

/** What `fit` learned; read it from a model's `learned` getter. */
export interface KMeansLearned {
  /** The centroids, one row per cluster (k × nFeatures), with the feature names when known. */
  readonly centroids: Matrix;
  /** Cluster of each training row, in [0, k). */
  readonly labels: Int32Array;
  /** Weighted sum of squared distances of the training rows to their centroids. */
  readonly inertia: number;
  /** Iterations of the kept run (mini-batch: passes over the data, rounded up). */
  readonly iterations: number;
  /** False when the kept run stopped at `maxIter` rather than by convergence. */
  readonly converged: boolean;
  /** Number of features seen at fit. */
  readonly nFeatures: number;
  /** Feature names seen at fit, when the matrix had them. */
  readonly featureNames: readonly string[] | undefined;
  /** The algorithm that ran (`'auto'` resolved). */
  readonly algorithm: FittedAlgorithm;
  /**
   * With `recordHistory`: the inertia after each iteration's assignment step of the kept run
   * (never increasing). Undefined otherwise.
   */
  readonly inertiaHistory: readonly number[] | undefined;
}

/**
 * Checks `input` against the fitted shape (same number of features; same names when both
 * sides have names) and returns it as a matrix. Any fitted model with that shape will do
 * (k-means, mixtures).
 */
export function inputFor(
  state: Pick<KMeansLearned, 'nFeatures' | 'featureNames'>,
  input: MatrixInput,
  owner: string,
): Matrix {
  const x = checkedMatrix(input, owner);
  if (x.cols !== state.nFeatures) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the data has ${x.cols} features, the model was fitted on ${state.nFeatures}`,
    );
  }
  const fitted = state.featureNames;
  if (fitted !== undefined && x.names !== undefined) {
    const j = fitted.findIndex((name, t) => x.names?.[t] !== name);
    if (j >= 0) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: feature ${j} is "${x.names[j]}" but the model was fitted with "${fitted[j]}" there`,
      );
    }
  }
  return x;
}

/**
 * Nearest centroid of each row (first among exact ties) and `Σ w·d²` (weights all 1 when
 * `weights` is null).
 */
export function nearestCentroids(
  centroids: Matrix,
  x: Matrix,
  weights: Float64Array | null,
): { labels: Int32Array; inertia: number } {
  const kernels = kernelsFor(x.cols);
  const k = centroids.rows;
  const layout = accumulatorLayout(k, x.cols);
  const acc = new Float64Array(layout.size);
  const w = weights ?? new Float64Array(x.rows).fill(1);
  const labels = new Int32Array(x.rows);
  let inertia = 0;
  for (let start = 0; start < x.rows; start += CHUNK_ROWS) {
    const end = Math.min(x.rows, start + CHUNK_ROWS);
    kernels.assign(x.data, w, centroids.data, k, labels, start, end, acc, 0);
    inertia += acc[layout.inertia] as number;
  }
  return { labels, inertia };
}

/** Euclidean distance of each row to each centroid, n × k row-major. */
export function centroidDistances(centroids: Matrix, x: Matrix): Float64Array {
  const kernels = kernelsFor(x.cols);
  const k = centroids.rows;
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < k; j++)
      out[i * k + j] = Math.sqrt(kernels.sqdist(x.data, i, centroids.data, j));
  }
  return out;
}

/** The learned state as JSON (labels and history as plain number lists). */
export function learnedJSON(state: KMeansLearned): Record<string, unknown> {
  const { centroids } = state;
  const rows: number[][] = [];
  for (let j = 0; j < centroids.rows; j++) {
    rows.push(Array.from(centroids.data.subarray(j * centroids.cols, (j + 1) * centroids.cols)));
  }
  return {
    nFeatures: state.nFeatures,
    featureNames: state.featureNames === undefined ? null : [...state.featureNames],
    algorithm: state.algorithm,
    centroids: rows,
    labels: Array.from(state.labels),
    inertia: state.inertia,
    iterations: state.iterations,
    converged: state.converged,
    inertiaHistory: state.inertiaHistory === undefined ? null : [...state.inertiaHistory],
  };
}

const ALGORITHMS: readonly FittedAlgorithm[] = [
  'lloyd',
  'elkan',
  'hamerly',
  'ml-kmeans',
  'mini-batch',
];

/** Reads {@link learnedJSON} output back for a model with `k` clusters; `INVALID_MODEL` if malformed. */
export function readLearned(value: unknown, k: number, type: string): KMeansLearned {
  const state = readObject(value, 'state', type);
  const bad = (field: string, what: string): CohortlabError =>
    new CohortlabError('INVALID_MODEL', `${type} model field "${field}" ${what}`);
  const nFeatures = state['nFeatures'];
  if (typeof nFeatures !== 'number' || !Number.isSafeInteger(nFeatures) || nFeatures < 1) {
    throw bad('nFeatures', 'must be a whole number >= 1');
  }
  const names = state['featureNames'];
  let featureNames: string[] | undefined;
  if (names !== null && names !== undefined) {
    const list = readArray(names, 'featureNames', type);
    if (list.length !== nFeatures || !list.every((v) => typeof v === 'string')) {
      throw bad('featureNames', `must list ${nFeatures} names`);
    }
    featureNames = list as string[];
  }
  const algorithm = state['algorithm'];
  if (!ALGORITHMS.includes(algorithm as FittedAlgorithm)) {
    throw bad('algorithm', `must be one of ${ALGORITHMS.join(', ')}`);
  }
  const rows = readArray(state['centroids'], 'centroids', type);
  if (rows.length !== k) throw bad('centroids', `must have ${k} rows`);
  const data = new Float64Array(k * nFeatures);
  rows.forEach((row, j) => {
    const values = readArray(row, 'centroids', type);
    if (
      values.length !== nFeatures ||
      !values.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw bad('centroids', `rows must be ${nFeatures} finite numbers`);
    }
    data.set(values as number[], j * nFeatures);
  });
  const labelList = readArray(state['labels'], 'labels', type);
  const labels = new Int32Array(labelList.length);
  labelList.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= k) {
      throw bad('labels', `must be whole numbers in [0, ${k})`);
    }
    labels[i] = v;
  });
  const number = (field: string): number => {
    const v = state[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw bad(field, 'must be a number >= 0');
    return v;
  };
  const converged = state['converged'];
  if (typeof converged !== 'boolean') throw bad('converged', 'must be true or false');
  const history = state['inertiaHistory'];
  let inertiaHistory: number[] | undefined;
  if (history !== null && history !== undefined) {
    const list = readArray(history, 'inertiaHistory', type);
    if (!list.every((v) => typeof v === 'number')) throw bad('inertiaHistory', 'must list numbers');
    inertiaHistory = list as number[];
  }
  const centroids: Matrix =
    featureNames === undefined
      ? { data, rows: k, cols: nFeatures }
      : { data, rows: k, cols: nFeatures, names: featureNames };
  return {
    centroids,
    labels,
    inertia: number('inertia'),
    iterations: number('iterations'),
    converged,
    nFeatures,
    featureNames,
    algorithm: algorithm as FittedAlgorithm,
    inertiaHistory,
  };
}

/** A copy of the learned state whose arrays the caller may modify freely. */
export function copyLearned(state: KMeansLearned): KMeansLearned {
  const { centroids } = state;
  return {
    ...state,
    centroids: { ...centroids, data: Float64Array.from(centroids.data) },
    labels: Int32Array.from(state.labels),
    inertiaHistory: state.inertiaHistory === undefined ? undefined : [...state.inertiaHistory],
  };
}
