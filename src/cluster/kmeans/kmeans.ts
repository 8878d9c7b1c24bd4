/**
 * The k-means estimator.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../../model/estimator.js';
import { booleanOption, checkOptions, enumOption } from '../../util/options.js';
import { readObject, restoring } from '../../preprocess/state-json.js';
import { samePartition } from './centers.js';
import { checkWeights, firstPassVariance, meanVariance, requireDistinct } from './data-checks.js';
import { elkanAssigner } from './elkan.js';
import {
  centroidDistances,
  copyLearned,
  inputFor,
  learnedJSON,
  nearestCentroids,
  readLearned,
  type FittedAlgorithm,
  type KMeansLearned,
} from './fitted.js';
import { hamerlyAssigner } from './hamerly.js';
import { initialCentroids } from './init.js';
import { kernelsFor } from './kernels.js';
import { checkedMatrix, requireFinite, type Matrix, type MatrixInput } from './matrix.js';
import { runMlKMeans } from './ml-kmeans-backend.js';
import { autoThreads, ChunkRunner } from './chunk-runner.js';
import { commonParams, integerOption, type CommonParams } from './options.js';
import { Xoshiro128 } from './random.js';
import {
  lloydAssigner,
  runKMeans,
  type AssignerFactory,
  type FirstPass,
  type RunResult,
} from './run.js';
import { useWasmKernel } from './wasm/assign.js';
import { fitKMeansWebGPU } from './webgpu/fit-kmeans.js';

const TYPE = 'KMeans';

/**
 * The assignment algorithm. All give the same result from the same initial centroids; they
 * differ in speed. `'lloyd'` computes every distance; `'hamerly'` keeps two bounds per point
 * and is the fastest with few features (passes where a sample shows the bounds would not pay,
 * as early on overlapping clusters, are Lloyd's loop instead); `'elkan'` keeps k + 1 bounds
 * per point and wins with many features and clusters. `'auto'` picks by the data's shape.
 */
export type KMeansAlgorithm = 'lloyd' | 'elkan' | 'hamerly' | 'auto';

/**
 * `'native'` (this package's loops), `'ml-kmeans'` (the mljs package, Lloyd only, no
 * weights), or `'webgpu'` (Lloyd on a GPU through WebGPU, float32 on the device: fit with
 * `await fitAsync`; see `webgpu/index.ts`; the CPU path, with one warning line, when there is
 * no GPU).
 */
export type KMeansBackend = 'native' | 'ml-kmeans' | 'webgpu';

/**
 * The loops of Lloyd's assignment passes and of Hamerly's first pass: `'js'` (generated
 * JavaScript), `'wasm'` (WebAssembly SIMD, `wasm/assign.ts`; the JavaScript loops where
 * WebAssembly SIMD is unavailable), or `'auto'` (WebAssembly where available and measured
 * faster: every number of features with k ≥ 2, see `wasmPays` and
 * `bench/RESULTS-kmeans-wasm.md`). Both give bit-identical labels, centroids and inertia;
 * Elkan's passes stay JavaScript, and so do Hamerly's later (bounds) passes unless the data
 * is in a fit's WebAssembly memory (`createMatrix`, see `arena.ts`).
 */
export type KMeansKernel = 'auto' | 'js' | 'wasm';

/** Hyperparameters of {@link KMeans}, defaults filled in. */
export interface KMeansParams extends CommonParams {
  /** Assignment algorithm (default `'auto'`). */
  readonly algorithm: KMeansAlgorithm;
  /** Implementation (default `'native'`). */
  readonly backend: KMeansBackend;
  /**
   * Record the inertia after each iteration in `learned.inertiaHistory` (default false; costs
   * one extra pass over the data per iteration with Elkan and Hamerly).
   */
  readonly recordHistory: boolean;
  /**
   * Threads for the distance passes, the main thread included: a whole number ≥ 1, or
   * `'auto'` (default: all cores, but only for data large enough that worker threads pay,
   * see `PARALLEL_MIN_WORK`). Results are bit-identical whatever the number of threads.
   */
  readonly threads: number | 'auto';
  /** Loops of Lloyd's passes (default `'auto'`, see {@link KMeansKernel}). */
  readonly kernel: KMeansKernel;
}

/**
 * Options of the {@link KMeans} constructor: `k` is required; the defaults are scikit-learn's
 * (`init: 'k-means++'`, `nInit: 10`, `maxIter: 300`, `tol: 1e-4`) plus `seed: 0`,
 * `algorithm: 'auto'`, `backend: 'native'`, `recordHistory: false`, `threads: 'auto'`,
 * `kernel: 'auto'`.
 */
export type KMeansOptions = Partial<KMeansParams> & { readonly k: number };

/** Options of `fit` and `score`. */
export interface SampleWeightOptions {
  /** One weight ≥ 0 per row; a row of weight w counts like w copies of it. Default: all 1. */
  readonly sampleWeight?: ArrayLike<number>;
}

/** Options of `fit`: sample weights, and a hook for progress displays. */
export interface KMeansFitOptions extends SampleWeightOptions {
  /** Called after each of the `nInit` runs with (runs done, nInit); must be cheap. */
  readonly onRun?: (done: number, total: number) => void;
}

const OPTION_KEYS = [
  'k',
  'init',
  'nInit',
  'maxIter',
  'tol',
  'seed',
  'algorithm',
  'backend',
  'recordHistory',
  'threads',
  'kernel',
];
const ALGORITHMS: readonly KMeansAlgorithm[] = ['lloyd', 'elkan', 'hamerly', 'auto'];
const BACKENDS: readonly KMeansBackend[] = ['native', 'ml-kmeans', 'webgpu'];
const KERNELS: readonly KMeansKernel[] = ['auto', 'js', 'wasm'];
/** Above this many bounds (n × k), `'auto'` does not pick Elkan (8 bytes each). */
const ELKAN_MAX_BOUNDS = 2 ** 25;

/**
 * k-means clustering, exact and fast: Lloyd's, Elkan's or Hamerly's algorithm on a row-major
 * float64 matrix, greedy k-means++ seeding, best of `nInit` runs, sample weights, and the
 * same results as scikit-learn's `KMeans` from the same initial centroids.
 *
 * Seeded: the same `seed` and data give bit-identical centroids, labels and inertia on every
 * run and machine. Empty clusters are re-seeded with the points farthest from their centroid,
 * as scikit-learn does. `fit` refuses NaN / ±Infinity (naming the feature and row) and a `k`
 * larger than the number of distinct points.
 *
 * ```ts
 * const x = matrixFromTable(scaled, ['recency', 'frequency', 'monetary']);
 * const model = new KMeans({ k: 4, seed: 42 }).fit(x);
 * model.labels;           // Int32Array, one cluster per customer
 * model.predict(newRows); // nearest centroid
 * ```
 */
export class KMeans implements Estimator<KMeansParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<KMeansParams>;
  #state: KMeansLearned | undefined;

  /** @param options see {@link KMeansOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: KMeansOptions) {
    const raw = checkOptions(options, OPTION_KEYS, TYPE);
    const common = commonParams(raw, { nInit: 10, maxIter: 300, tol: 1e-4 }, TYPE);
    const algorithm = enumOption(raw, 'algorithm', ALGORITHMS, 'auto', TYPE);
    const backend = enumOption(raw, 'backend', BACKENDS, 'native', TYPE);
    const recordHistory = booleanOption(raw, 'recordHistory', false, TYPE);
    const kernel = enumOption(raw, 'kernel', KERNELS, 'auto', TYPE);
    if (backend !== 'native' && (algorithm === 'elkan' || algorithm === 'hamerly')) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE}: the ${backend} backend runs Lloyd's algorithm only, not '${algorithm}'`,
      );
    }
    if (backend === 'ml-kmeans' && recordHistory) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE}: the ml-kmeans backend cannot record history`,
      );
    }
    const threads = raw['threads'] === 'auto' ? 'auto' : integerOption(raw, 'threads', 0, 1, TYPE);
    this.params = Object.freeze({
      ...common,
      algorithm,
      backend,
      recordHistory,
      threads: threads === 0 ? 'auto' : threads,
      kernel,
    });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Everything `fit` learned (a copy); `NOT_FITTED` before `fit`. */
  get learned(): KMeansLearned {
    return copyLearned(requireFitted(this.#state, TYPE));
  }

  /** The centroids, k × nFeatures (a copy). */
  get centroids(): Matrix {
    const { centroids } = requireFitted(this.#state, TYPE);
    return { ...centroids, data: Float64Array.from(centroids.data) };
  }

  /** Cluster of each training row (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(requireFitted(this.#state, TYPE).labels);
  }

  /** Weighted sum of squared distances of the training rows to their centroids. */
  get inertia(): number {
    return requireFitted(this.#state, TYPE).inertia;
  }

  /** Iterations of the kept run. */
  get iterations(): number {
    return requireFitted(this.#state, TYPE).iterations;
  }

  /** Number of features seen at fit. */
  get nFeatures(): number {
    return requireFitted(this.#state, TYPE).nFeatures;
  }

  /**
   * Clusters the rows of `input`: `nInit` runs from different initial centroids, keeping the
   * one with the lowest inertia.
   */
  fit(input: MatrixInput, options: KMeansFitOptions = {}): this {
    if (this.params.backend === 'webgpu') {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE}.fit: the webgpu backend is asynchronous; use \`await model.fitAsync(x)\``,
      );
    }
    return this.#fit(input, options, this.params.backend, `${TYPE}.fit`);
  }

  /**
   * `fit` for every backend, as a promise: with `backend: 'webgpu'` the fit runs on the GPU
   * (falling back to the CPU path, with one `console.warn` line, when there is no usable
   * device); other backends fit synchronously.
   */
  async fitAsync(input: MatrixInput, options: KMeansFitOptions = {}): Promise<this> {
    const owner = `${TYPE}.fitAsync`;
    if (this.params.backend !== 'webgpu')
      return this.#fit(input, options, this.params.backend, owner);
    const { onRun, ...weights } = options;
    const learned = await fitKMeansWebGPU(input, weights, this.params, owner);
    if (learned === undefined) return this.#fit(input, options, 'native', owner);
    onRun?.(this.params.nInit, this.params.nInit); // the device runs them all at once
    this.#state = learned;
    return this;
  }

  #fit(
    input: MatrixInput,
    options: KMeansFitOptions,
    backend: 'native' | 'ml-kmeans',
    owner: string,
  ): this {
    const { sampleWeight, onRun } = checkOptions(
      options,
      ['sampleWeight', 'onRun'],
      owner,
    ) as KMeansFitOptions;
    const { k, init, nInit, maxIter, seed, recordHistory } = this.params;
    const x = checkedMatrix(input, owner, false);
    if (x.rows === 0) throw new CohortlabError('INVALID_INPUT', `${owner}: the data has no rows`);
    const kernels = kernelsFor(x.cols);
    let weights: Float64Array | null;
    try {
      weights = checkWeights(sampleWeight, x.rows, owner);
      if (backend === 'ml-kmeans' && weights !== null && weights.some((w) => w !== 1)) {
        throw new CohortlabError(
          'INVALID_INPUT',
          `${owner}: the ml-kmeans backend takes no sample weights`,
        );
      }
    } catch (error) {
      // The data's own errors (non-finite values) are reported first, as they always were.
      meanVariance(x, kernels, owner);
      throw error;
    }
    const algorithm: FittedAlgorithm =
      backend === 'ml-kmeans' ? 'ml-kmeans' : resolveAlgorithm(this.params.algorithm, x, k);
    // The runner (and its worker threads) is set up before the data checks so that the
    // variance/finiteness pass, a full read of the data, runs on all threads too.
    const runner = new ChunkRunner(x, weights, k, kernels, {
      bounds: algorithm === 'hamerly' || algorithm === 'elkan' ? algorithm : 'none',
      seeding: init === 'k-means++',
      threads: algorithm === 'ml-kmeans' ? 1 : threadCount(this.params.threads, x, k),
    });
    // Lloyd's step picks its loops by this flag (see steps.ts); same results either way.
    runner.views.scalars[8] = useWasmKernel(this.params.kernel, x.cols, k) ? 1 : 0;
    // scikit-learn scales `tol` by the data's mean variance. An unweighted fit gets it (and
    // the finiteness check) from its first assignment pass (`firstPassVariance`), which saves
    // a full read of the data; weighted fits and the ml-kmeans backend make that pass first.
    let tol: number | undefined;
    try {
      if (weights !== null || algorithm === 'ml-kmeans') {
        tol = this.params.tol * meanVariance(x, kernels, owner, runner);
      }
      requireDistinct(x, weights, k, owner);
    } catch (error) {
      runner.close();
      // The data's own errors (non-finite values) are reported first, as they always were.
      if (tol === undefined) requireFinite(x, owner);
      throw error;
    }
    const tolerance = (pass: FirstPass): number =>
      (tol ??= this.params.tol * firstPassVariance(x, pass, kernels, owner));
    const rng = new Xoshiro128(seed);
    let best: RunResult | undefined;
    try {
      for (let run = 0; run < nInit; run++) {
        const start = initialCentroids(init, runner, x, runner.views.W, k, rng, owner);
        const input = {
          x,
          weights: runner.views.W,
          k,
          init: start,
          maxIter,
          tol: tol ?? tolerance,
          recordHistory,
          kernels,
        };
        const result =
          algorithm === 'ml-kmeans'
            ? runMlKMeans({ ...input, tol: tol as number }) // set before the runs for it
            : runKMeans(input, runner, ASSIGNERS[algorithm]);
        if (
          best === undefined ||
          (result.inertia < best.inertia && !samePartition(result.labels, best.labels, k))
        ) {
          best = result;
        }
        onRun?.(run + 1, nInit);
      }
    } finally {
      runner.close();
    }
    const kept = best as RunResult;
    this.#state = {
      centroids:
        x.names === undefined
          ? { data: kept.centroids, rows: k, cols: x.cols }
          : { data: kept.centroids, rows: k, cols: x.cols, names: [...x.names] },
      labels: kept.labels,
      inertia: kept.inertia,
      iterations: kept.iterations,
      converged: kept.converged,
      nFeatures: x.cols,
      featureNames: x.names === undefined ? undefined : [...x.names],
      algorithm,
      inertiaHistory: kept.history,
    };
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(input: MatrixInput, options: SampleWeightOptions = {}): Int32Array {
    return this.fit(input, options).labels;
  }

  /** The nearest centroid of each row of `input`. */
  predict(input: MatrixInput): Int32Array {
    const state = requireFitted(this.#state, TYPE);
    return nearestCentroids(state.centroids, inputFor(state, input, `${TYPE}.predict`), null)
      .labels;
  }

  /** Euclidean distance of each row to each centroid: n × k, row-major. */
  transform(input: MatrixInput): Float64Array {
    const state = requireFitted(this.#state, TYPE);
    return centroidDistances(state.centroids, inputFor(state, input, `${TYPE}.transform`));
  }

  /** Minus the (weighted) inertia of `input` against the centroids, like scikit-learn's `score`. */
  score(input: MatrixInput, options: SampleWeightOptions = {}): number {
    const owner = `${TYPE}.score`;
    const state = requireFitted(this.#state, TYPE);
    const { sampleWeight } = checkOptions(options, ['sampleWeight'], owner) as SampleWeightOptions;
    const x = inputFor(state, input, owner);
    const weights = checkWeights(sampleWeight, x.rows, owner);
    return -nearestCentroids(state.centroids, x, weights).inertia;
  }

  /** The fitted model as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    const { init, ...rest } = this.params;
    return modelJSON(
      TYPE,
      1,
      { ...rest, init: typeof init === 'string' ? init : init.map((row) => [...row]) },
      learnedJSON(state),
    ) as ModelJSON;
  }

  /** Restores a fitted model from {@link KMeans.toJSON} output (object or string). */
  static fromJSON(json: unknown): KMeans {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const kmeans = restoring(TYPE, () => new KMeans(params as KMeansOptions));
    kmeans.#state = readLearned(model.state, kmeans.params.k, TYPE);
    return kmeans;
  }
}

const ASSIGNERS: Readonly<Record<'lloyd' | 'elkan' | 'hamerly', AssignerFactory>> = {
  lloyd: lloydAssigner,
  elkan: elkanAssigner,
  hamerly: hamerlyAssigner,
};

/**
 * `'auto'`: Hamerly's algorithm for up to 50 features (its two bounds per point skip nearly
 * all distance computations on low-dimensional data), Elkan's above that when its n × k
 * bounds fit in 256 MiB, else Lloyd's.
 */
export function resolveAlgorithm(
  algorithm: KMeansAlgorithm,
  x: Matrix,
  k: number,
): 'lloyd' | 'elkan' | 'hamerly' {
  if (algorithm !== 'auto') return algorithm;
  if (x.cols <= 50) return 'hamerly';
  return x.rows * k <= ELKAN_MAX_BOUNDS ? 'elkan' : 'lloyd';
}

/** The thread count for a fit: the option's number, or {@link autoThreads} for `'auto'`. */
function threadCount(option: number | 'auto', x: Matrix, k: number): number {
  return option === 'auto' ? autoThreads(x.rows, x.cols, k) : option;
}
