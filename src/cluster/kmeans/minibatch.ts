/**
 * Mini-batch k-means for millions of rows.
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
import { checkOptions } from '../../util/options.js';
import { readObject, restoring } from '../../preprocess/state-json.js';
import { ChunkRunner } from './chunk-runner.js';
import { checkWeights, meanVariance, requireDistinct, weightsOrOnes } from './data-checks.js';
import {
  centroidDistances,
  copyLearned,
  inputFor,
  learnedJSON,
  nearestCentroids,
  readLearned,
  type KMeansLearned,
} from './fitted.js';
import { initialCentroids } from './init.js';
import { accumulatorLayout, kernelsFor, type Kernels } from './kernels.js';
import type { SampleWeightOptions } from './kmeans.js';
import { checkedMatrix, type Matrix, type MatrixInput } from './matrix.js';
import { commonParams, integerOption, nonNegativeOption, type CommonParams } from './options.js';
import { Xoshiro128 } from './random.js';

const TYPE = 'MiniBatchKMeans';

/** Hyperparameters of {@link MiniBatchKMeans}, defaults filled in. */
export interface MiniBatchKMeansParams extends CommonParams {
  /** Rows per mini-batch (default 1024). */
  readonly batchSize: number;
  /**
   * Rows drawn (with replacement) to choose each initialization on, and as many again to pick
   * the best of `nInit` (default 3 × batchSize, at least 3k); when this covers the data, all
   * rows are used instead.
   */
  readonly initSize: number | undefined;
  /**
   * Stop after this many mini-batches without improvement of the smoothed batch inertia
   * (default 10; 0 disables the rule).
   */
  readonly maxNoImprovement: number;
  /**
   * Clusters whose accumulated weight falls below this share of the largest cluster's are
   * moved to random rows of the batch (default 0.01; 0 disables).
   */
  readonly reassignmentRatio: number;
}

/**
 * Options of the {@link MiniBatchKMeans} constructor: `k` is required; defaults are
 * scikit-learn's (`nInit: 3`, `maxIter: 100` passes, `tol: 0`, `batchSize: 1024`,
 * `maxNoImprovement: 10`, `reassignmentRatio: 0.01`) plus `seed: 0`.
 */
export type MiniBatchKMeansOptions = Partial<MiniBatchKMeansParams> & { readonly k: number };

const OPTION_KEYS = [
  'k',
  'init',
  'nInit',
  'maxIter',
  'tol',
  'seed',
  'batchSize',
  'initSize',
  'maxNoImprovement',
  'reassignmentRatio',
];

interface State extends KMeansLearned {
  /** Mini-batches processed. */
  readonly steps: number;
}

/**
 * Mini-batch k-means (Sculley 2010), following scikit-learn's `MiniBatchKMeans`: centroids
 * are updated from small random batches with per-cluster learning rates, so a fit touches each
 * row only a few times. Much faster than {@link KMeans} on millions of rows, at an inertia
 * typically within a few percent of it. Same contract as {@link KMeans} (seeded, sample
 * weights, predict / transform / score, JSON round trip); labels and inertia are computed on
 * all rows at the end.
 */
export class MiniBatchKMeans implements Estimator<MiniBatchKMeansParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<MiniBatchKMeansParams>;
  #state: State | undefined;

  /** @param options see {@link MiniBatchKMeansOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: MiniBatchKMeansOptions) {
    const raw = checkOptions(options, OPTION_KEYS, TYPE);
    const common = commonParams(raw, { nInit: 3, maxIter: 100, tol: 0 }, TYPE);
    const initSize =
      raw['initSize'] === undefined ? undefined : integerOption(raw, 'initSize', 1, 1, TYPE);
    this.params = Object.freeze({
      ...common,
      batchSize: integerOption(raw, 'batchSize', 1024, 1, TYPE),
      initSize,
      maxNoImprovement: integerOption(raw, 'maxNoImprovement', 10, 0, TYPE),
      reassignmentRatio: nonNegativeOption(raw, 'reassignmentRatio', 0.01, TYPE),
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

  /** Passes over the data, rounded up (scikit-learn's `n_iter_`). */
  get iterations(): number {
    return requireFitted(this.#state, TYPE).iterations;
  }

  /** Mini-batches processed (scikit-learn's `n_steps_`). */
  get steps(): number {
    return requireFitted(this.#state, TYPE).steps;
  }

  /** Number of features seen at fit. */
  get nFeatures(): number {
    return requireFitted(this.#state, TYPE).nFeatures;
  }

  /** Clusters the rows of `input` by mini-batches. */
  fit(input: MatrixInput, options: SampleWeightOptions = {}): this {
    const owner = `${TYPE}.fit`;
    const { sampleWeight } = checkOptions(options, ['sampleWeight'], owner) as SampleWeightOptions;
    const { k, init, nInit, maxIter, seed, batchSize, maxNoImprovement, reassignmentRatio } =
      this.params;
    const x = checkedMatrix(input, owner, false);
    const n = x.rows;
    if (n === 0) throw new CohortlabError('INVALID_INPUT', `${owner}: the data has no rows`);
    const d = x.cols;
    const kernels = kernelsFor(d);
    const variance = meanVariance(x, kernels, owner);
    const given = checkWeights(sampleWeight, n, owner);
    requireDistinct(x, given, k, owner);
    const weights = weightsOrOnes(given, n);
    const tol = this.params.tol * variance;
    const rng = new Xoshiro128(seed);
    const initSize = Math.min(n, this.params.initSize ?? Math.max(3 * batchSize, 3 * k));

    // Choose the best of nInit initializations, each on its own sample, judged on a
    // validation sample (as scikit-learn does).
    const valid = sample(x, weights, initSize, rng);
    let centroids: Float64Array | undefined;
    let bestInertia = Infinity;
    for (let run = 0; run < nInit; run++) {
      const subset = sample(x, weights, initSize, rng);
      const runner = new ChunkRunner(subset.x, subset.weights, k, kernels, {
        bounds: 'none',
        seeding: init === 'k-means++',
        threads: 1,
      });
      let start: Float64Array;
      try {
        start = initialCentroids(init, runner, subset.x, subset.weights, k, rng, owner);
      } finally {
        runner.close(); // frees its arena (arena.ts) when the sample is a large createMatrix
      }
      const { inertia } = nearestCentroids(
        { data: start, rows: k, cols: d },
        valid.x,
        valid.weights,
      );
      if (centroids === undefined || inertia < bestInertia) {
        centroids = start;
        bestInertia = inertia;
      }
    }
    const trained = miniBatchLoop(x, weights, centroids as Float64Array, kernels, rng, {
      k,
      batchSize,
      steps: Math.floor((maxIter * n) / batchSize),
      tol,
      maxNoImprovement,
      reassignmentRatio,
    });
    const model: Matrix =
      x.names === undefined
        ? { data: trained.centroids, rows: k, cols: d }
        : { data: trained.centroids, rows: k, cols: d, names: [...x.names] };
    const { labels, inertia } = nearestCentroids(model, x, weights);
    this.#state = {
      centroids: model,
      labels,
      inertia,
      iterations: Math.ceil((trained.steps * batchSize) / n),
      steps: trained.steps,
      converged: trained.converged,
      nFeatures: d,
      featureNames: x.names === undefined ? undefined : [...x.names],
      algorithm: 'mini-batch',
      inertiaHistory: undefined,
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

  /** Minus the (weighted) inertia of `input` against the centroids. */
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
    const { init, initSize, ...rest } = this.params;
    return modelJSON(
      TYPE,
      1,
      {
        ...rest,
        ...(initSize === undefined ? {} : { initSize }),
        init: typeof init === 'string' ? init : init.map((row) => [...row]),
      },
      { ...learnedJSON(state), steps: state.steps },
    ) as ModelJSON;
  }

  /** Restores a fitted model from {@link MiniBatchKMeans.toJSON} output (object or string). */
  static fromJSON(json: unknown): MiniBatchKMeans {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const kmeans = restoring(TYPE, () => new MiniBatchKMeans(params as MiniBatchKMeansOptions));
    const learned = readLearned(model.state, kmeans.params.k, TYPE);
    const steps = readObject(model.state, 'state', TYPE)['steps'];
    if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps < 0) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${TYPE} model field "steps" must be a whole number`,
      );
    }
    kmeans.#state = { ...learned, steps };
    return kmeans;
  }
}

/**
 * Rows drawn uniformly with replacement, as a new matrix with their weights; all rows when
 * `size` covers the data (scikit-learn would still draw, with duplicates, which can leave
 * fewer than k distinct points to initialize on).
 */
function sample(
  x: Matrix,
  weights: Float64Array,
  size: number,
  rng: Xoshiro128,
): { x: Matrix; weights: Float64Array } {
  if (size >= x.rows) return { x, weights };
  const d = x.cols;
  const data = new Float64Array(size * d);
  const w = new Float64Array(size);
  for (let r = 0; r < size; r++) {
    const i = rng.nextInt(x.rows);
    data.set(x.data.subarray(i * d, i * d + d), r * d);
    w[r] = weights[i] as number;
  }
  return { x: { data, rows: size, cols: d }, weights: w };
}

interface LoopOptions {
  readonly k: number;
  readonly batchSize: number;
  readonly steps: number;
  readonly tol: number;
  readonly maxNoImprovement: number;
  readonly reassignmentRatio: number;
}

/**
 * scikit-learn's mini-batch loop (`MiniBatchKMeans.fit`): per batch, assign, move each
 * centroid towards its batch mean with rate (batch weight / accumulated weight), now and then
 * re-seed clusters that get too little weight, and stop on the smoothed batch inertia.
 */
function miniBatchLoop(
  x: Matrix,
  weights: Float64Array,
  init: Float64Array,
  kernels: Kernels,
  rng: Xoshiro128,
  o: LoopOptions,
): { centroids: Float64Array; steps: number; converged: boolean } {
  const { k, batchSize } = o;
  const n = x.rows;
  const d = x.cols;
  const layout = accumulatorLayout(k, d);
  const acc = new Float64Array(layout.size);
  let centroids = Float64Array.from(init);
  let next = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const batch = { data: new Float64Array(batchSize * d), weights: new Float64Array(batchSize) };
  const labels = new Int32Array(batchSize);
  let sinceReassign = 0;
  let ewa: number | undefined;
  let ewaMin: number | undefined;
  let noImprovement = 0;
  let step = 0;
  let converged = false;
  while (step < o.steps) {
    const source = x.data;
    const rows = batch.data;
    for (let r = 0, o = 0; r < batchSize; r++) {
      const i = rng.nextInt(n);
      for (let t = 0, p = i * d; t < d; t++) rows[o++] = source[p + t] as number;
      batch.weights[r] = weights[i] as number;
    }
    acc.fill(0);
    kernels.assignSums(batch.data, batch.weights, centroids, k, labels, 0, batchSize, acc, 0);
    const batchInertia = acc[layout.inertia] as number;
    // Per-cluster update: new = (old × count + Σ w·x) / (count + Σ w).
    for (let j = 0; j < k; j++) {
      const wsum = acc[layout.weights + j] as number;
      const o2 = j * d;
      if (wsum > 0) {
        const total = (counts[j] as number) + wsum;
        const alpha = 1 / total;
        for (let t = 0; t < d; t++) {
          next[o2 + t] =
            ((centroids[o2 + t] as number) * (counts[j] as number) + (acc[o2 + t] as number)) *
            alpha;
        }
        counts[j] = total;
      } else {
        for (let t = 0; t < d; t++) next[o2 + t] = centroids[o2 + t] as number;
      }
    }
    sinceReassign += batchSize;
    if (o.reassignmentRatio > 0 && (counts.includes(0) || sinceReassign >= 10 * k)) {
      sinceReassign = 0;
      reassign(next, counts, batch.data, batchSize, d, o.reassignmentRatio, rng);
    }
    let moved = 0;
    if (o.tol > 0) for (let j = 0; j < k; j++) moved += kernels.sqdist(centroids, j, next, j);
    [centroids, next] = [next, centroids];
    step++;
    // Convergence on the exponentially weighted average of the batch inertia.
    if (step === 1) continue;
    const scaled = batchInertia / batchSize;
    if (ewa === undefined) ewa = scaled;
    else {
      const alpha = Math.min(1, (batchSize * 2) / (n + 1));
      ewa = ewa * (1 - alpha) + scaled * alpha;
    }
    if (o.tol > 0 && moved <= o.tol) {
      converged = true;
      break;
    }
    if (ewaMin === undefined || ewa < ewaMin) {
      noImprovement = 0;
      ewaMin = ewa;
    } else {
      noImprovement++;
    }
    if (o.maxNoImprovement > 0 && noImprovement >= o.maxNoImprovement) {
      converged = true;
      break;
    }
  }
  return { centroids, steps: step, converged };
}

/**
 * scikit-learn's random reassignment: clusters whose accumulated weight is below `ratio` × the
 * largest move to distinct random rows of the batch (at most half the batch), and their weight
 * is reset to the smallest weight among the other clusters.
 */
function reassign(
  centroids: Float64Array,
  counts: Float64Array,
  batch: Float64Array,
  batchSize: number,
  d: number,
  ratio: number,
  rng: Xoshiro128,
): void {
  const k = counts.length;
  const max = Math.max(...counts);
  let chosen: number[] = [];
  for (let j = 0; j < k; j++) if ((counts[j] as number) < ratio * max) chosen.push(j);
  if (chosen.length === 0) return;
  const limit = Math.floor(0.5 * batchSize);
  if (chosen.length > limit) {
    // Keep the `limit` lightest clusters (stable order by weight, then index).
    chosen = chosen
      .sort((a, b) => (counts[a] as number) - (counts[b] as number) || a - b)
      .slice(0, limit)
      .sort((a, b) => a - b);
  }
  if (chosen.length === 0) return;
  const taken = new Set<number>();
  for (const j of chosen) {
    let r = rng.nextInt(batchSize);
    while (taken.has(r)) r = rng.nextInt(batchSize);
    taken.add(r);
    centroids.set(batch.subarray(r * d, r * d + d), j * d);
  }
  const picked = new Set(chosen);
  let floor = Infinity;
  for (let j = 0; j < k; j++) if (!picked.has(j)) floor = Math.min(floor, counts[j] as number);
  if (!Number.isFinite(floor)) floor = 0;
  for (const j of chosen) counts[j] = floor;
}
