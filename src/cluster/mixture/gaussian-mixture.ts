/**
 * The Gaussian mixture estimator: soft segments with full, tied, diagonal or spherical
 * covariances, fitted by EM exactly as scikit-learn 1.2.1's `GaussianMixture`.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../../errors/warnings.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../../model/estimator.js';
import { readObject, restoring } from '../../preprocess/state-json.js';
import { inputFor } from '../kmeans/fitted.js';
import { checkedMatrix, type Matrix, type MatrixInput } from '../kmeans/matrix.js';
import { Xoshiro128 } from '../kmeans/random.js';
import { estimateGaussianParameters, precisionCholesky } from './gaussian.js';
import { argmaxRows, normalizeLogProb, responsibilities, weightedLogProb } from './log-prob.js';
import { checkInitShapes, startingPoint } from './init.js';
import {
  copyMixtureState,
  mixtureStateJSON,
  readMixtureState,
  type GaussianMixtureLearned,
} from './learned.js';
import {
  mixtureParams,
  type GaussianMixtureOptions,
  type GaussianMixtureParams,
} from './params.js';

const TYPE = 'GaussianMixture';

/**
 * A Gaussian mixture model: each segment is a Gaussian with its own weight, mean and
 * covariance, and each customer belongs to every segment with a probability
 * (`predictProba`), not only to the most likely one (`predict`).
 *
 * EM as scikit-learn: each run starts from k-means labels, k-means++ seeds or random
 * responsibilities (or the given `weightsInit` / `meansInit` / `precisionsInit`), and stops
 * when the lower bound (mean log-likelihood) changes by less than `tol`; the run with the
 * highest lower bound of `nInit` is kept. From the same initial parameters it reaches
 * scikit-learn's weights, means, covariances and lower bound to rounding (see
 * test/cluster/mixture). A kept run that hit `maxIter` is reported in `warnings`.
 *
 * ```ts
 * const gmm = new GaussianMixture({ k: 4, covarianceType: 'diag', seed: 1 }).fit(x);
 * gmm.labels;           // most likely segment of each customer
 * gmm.predictProba(x);  // n × k memberships, rows sum to 1
 * gmm.bic(x);           // for choosing k: lower is better
 * ```
 */
export class GaussianMixture implements Estimator<GaussianMixtureParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<GaussianMixtureParams>;
  #state: GaussianMixtureLearned | undefined;

  /** @param options see {@link GaussianMixtureOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: GaussianMixtureOptions) {
    this.params = mixtureParams(options, TYPE);
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Everything `fit` learned (a copy); `NOT_FITTED` before `fit`. */
  get learned(): GaussianMixtureLearned {
    return copyMixtureState(requireFitted(this.#state, TYPE));
  }

  /** Mixing weights (a copy). */
  get weights(): Float64Array {
    return Float64Array.from(requireFitted(this.#state, TYPE).weights);
  }

  /** Means, k × nFeatures (a copy). */
  get means(): Matrix {
    const { means } = requireFitted(this.#state, TYPE);
    return { ...means, data: Float64Array.from(means.data) };
  }

  /** Covariances, flat, in scikit-learn's layout (see {@link GaussianMixtureLearned}). */
  get covariances(): Float64Array {
    return Float64Array.from(requireFitted(this.#state, TYPE).covariances);
  }

  /** Most likely component of each training row (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(requireFitted(this.#state, TYPE).labels);
  }

  /** Lower bound of the kept run (scikit-learn's `lower_bound_`). */
  get lowerBound(): number {
    return requireFitted(this.#state, TYPE).lowerBound;
  }

  /** EM iterations of the kept run. */
  get iterations(): number {
    return requireFitted(this.#state, TYPE).iterations;
  }

  /** Whether the kept run converged. */
  get converged(): boolean {
    return requireFitted(this.#state, TYPE).converged;
  }

  /** The fit's warnings: `DEGENERATE_FIT` when the kept run stopped at `maxIter`. */
  get warnings(): readonly CohortlabWarning[] {
    const state = requireFitted(this.#state, TYPE);
    if (state.converged) return [];
    return [
      cohortlabWarning(
        'DEGENERATE_FIT',
        `the Gaussian mixture (k = ${this.params.k}, ${this.params.covarianceType}) did not converge in maxIter = ${this.params.maxIter} EM iterations (tol ${this.params.tol}); raise maxIter or tol`,
        { stage: 'clusters' },
      ),
    ];
  }

  /**
   * The covariance of component `j` as a d × d matrix, whatever the covariance type (tied:
   * the shared one; diag and spherical: diagonal).
   */
  covarianceMatrix(j: number): Matrix {
    const state = requireFitted(this.#state, TYPE);
    const d = state.nFeatures;
    if (!Number.isInteger(j) || j < 0 || j >= this.params.k) {
      throw new CohortlabError('INVALID_OPTION', `${TYPE}.covarianceMatrix: no component ${j}`);
    }
    const c = state.covariances;
    const data = new Float64Array(d * d);
    const type = this.params.covarianceType;
    if (type === 'full') data.set(c.subarray(j * d * d, (j + 1) * d * d));
    else if (type === 'tied') data.set(c);
    else for (let t = 0; t < d; t++) data[t * d + t] = type === 'diag' ? c[j * d + t]! : c[j]!;
    return { data, rows: d, cols: d };
  }

  /** Number of free parameters (scikit-learn's `_n_parameters`), for BIC and AIC. */
  get nParameters(): number {
    const d = requireFitted(this.#state, TYPE).nFeatures;
    const k = this.params.k;
    const cov = {
      full: (k * d * (d + 1)) / 2,
      diag: k * d,
      tied: (d * (d + 1)) / 2,
      spherical: k,
    }[this.params.covarianceType];
    return cov + k * d + k - 1;
  }

  /** Fits the mixture to the rows of `input` (`INVALID_INPUT` for NaN, too few rows, …). */
  fit(input: MatrixInput): this {
    const owner = `${TYPE}.fit`;
    const x = checkedMatrix(input, owner);
    const { k, nInit, maxIter, tol, covarianceType, regCovar } = this.params;
    if (x.rows < k) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: k = ${k} components need at least ${k} rows, the data has ${x.rows}`,
      );
    }
    checkInitShapes(this.params, x.cols, owner);
    const rng = new Xoshiro128(this.params.seed);
    let best: Omit<GaussianMixtureLearned, 'labels' | 'nFeatures' | 'featureNames'> | undefined;
    for (let run = 0; run < nInit; run++) {
      const start = startingPoint(x, this.params, rng, owner);
      let weights: Float64Array = start.weights;
      let means: Float64Array = start.means;
      let precisionsCholesky: Float64Array = start.precisionsCholesky;
      let covariances: Float64Array = new Float64Array(0);
      let lowerBound = -Infinity;
      let converged = false;
      let iterations = 0;
      // The E step's two buffers, reused by every iteration of this run.
      const resp = new Float64Array(x.rows * k);
      const norm = new Float64Array(x.rows);
      for (let iter = 1; iter <= maxIter; iter++) {
        iterations = iter;
        const previous = lowerBound;
        weightedLogProb(x, weights, means, precisionsCholesky, covarianceType, resp);
        responsibilities(resp, k, norm);
        let total = 0;
        for (let i = 0; i < norm.length; i++) total += norm[i] as number;
        const m = estimateGaussianParameters(x, resp, k, regCovar, covarianceType);
        let mass = 0;
        for (let j = 0; j < k; j++) mass += m.nk[j] as number;
        weights = m.nk.map((v) => v / mass);
        means = m.means;
        covariances = m.covariances;
        precisionsCholesky = precisionCholesky(covariances, covarianceType, x.cols, owner);
        lowerBound = total / x.rows;
        if (Math.abs(lowerBound - previous) < tol) {
          converged = true;
          break;
        }
      }
      if (best === undefined || lowerBound > best.lowerBound) {
        const meansMatrix: Matrix =
          x.names === undefined
            ? { data: means, rows: k, cols: x.cols }
            : { data: means, rows: k, cols: x.cols, names: [...x.names] };
        best = {
          weights,
          means: meansMatrix,
          covariances,
          precisionsCholesky,
          lowerBound,
          iterations,
          converged,
        };
      }
    }
    const kept = best!;
    // A final E step, so that the training labels are what `predict` gives (as scikit-learn).
    const labels = argmaxRows(
      weightedLogProb(x, kept.weights, kept.means.data, kept.precisionsCholesky, covarianceType),
      k,
    );
    this.#state = {
      ...kept,
      labels,
      nFeatures: x.cols,
      featureNames: x.names === undefined ? undefined : [...x.names],
    };
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(input: MatrixInput): Int32Array {
    return this.fit(input).labels;
  }

  /** Most likely component of each row. */
  predict(input: MatrixInput): Int32Array {
    return argmaxRows(this.#logProb(input, `${TYPE}.predict`), this.params.k);
  }

  /** Membership probabilities: n × k, row-major, each row summing to 1. */
  predictProba(input: MatrixInput): Float64Array {
    const logProb = this.#logProb(input, `${TYPE}.predictProba`);
    normalizeLogProb(logProb, this.params.k);
    return logProb.map(Math.exp);
  }

  /**
   * The most likely and the second most likely component of each row, with their
   * probabilities (k ≥ 2; ties: the lower component first).
   */
  predictTop2(input: MatrixInput): {
    readonly first: Int32Array;
    readonly second: Int32Array;
    readonly firstProba: Float64Array;
    readonly secondProba: Float64Array;
  } {
    const k = this.params.k;
    if (k < 2) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE}.predictTop2 needs k >= 2, the model has ${k}`,
      );
    }
    const proba = this.predictProba(input);
    const n = proba.length / k;
    const first = new Int32Array(n);
    const second = new Int32Array(n);
    const firstProba = new Float64Array(n);
    const secondProba = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let a = 0;
      let b = 1;
      if ((proba[i * k + 1] as number) > (proba[i * k] as number)) [a, b] = [1, 0];
      for (let j = 2; j < k; j++) {
        const p = proba[i * k + j] as number;
        if (p > (proba[i * k + a] as number)) [a, b] = [j, a];
        else if (p > (proba[i * k + b] as number)) b = j;
      }
      first[i] = a;
      second[i] = b;
      firstProba[i] = proba[i * k + a] as number;
      secondProba[i] = proba[i * k + b] as number;
    }
    return { first, second, firstProba, secondProba };
  }

  /** Log-likelihood of each row under the mixture (scikit-learn's `score_samples`). */
  scoreSamples(input: MatrixInput): Float64Array {
    return normalizeLogProb(this.#logProb(input, `${TYPE}.scoreSamples`), this.params.k);
  }

  /** Mean log-likelihood per row. */
  score(input: MatrixInput): number {
    const samples = this.scoreSamples(input);
    let total = 0;
    for (let i = 0; i < samples.length; i++) total += samples[i] as number;
    return total / samples.length;
  }

  /** Bayesian information criterion on `input`: −2 log L + p ln n (lower is better). */
  bic(input: MatrixInput): number {
    const x = checkedMatrix(input, `${TYPE}.bic`);
    return -2 * this.score(x) * x.rows + this.nParameters * Math.log(x.rows);
  }

  /** Akaike information criterion on `input`: −2 log L + 2p (lower is better). */
  aic(input: MatrixInput): number {
    const x = checkedMatrix(input, `${TYPE}.aic`);
    return -2 * this.score(x) * x.rows + 2 * this.nParameters;
  }

  #logProb(input: MatrixInput, owner: string): Float64Array {
    const state = requireFitted(this.#state, TYPE);
    const x = inputFor(state, input, owner);
    return weightedLogProb(
      x,
      state.weights,
      state.means.data,
      state.precisionsCholesky,
      this.params.covarianceType,
    );
  }

  /** The fitted model as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    const params: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.params)) {
      if (value !== undefined) params[key] = value;
    }
    return JSON.parse(
      JSON.stringify(modelJSON(TYPE, 1, params, mixtureStateJSON(state))),
    ) as ModelJSON;
  }

  /** Restores a fitted model from {@link GaussianMixture.toJSON} output (object or string). */
  static fromJSON(json: unknown): GaussianMixture {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const gmm = restoring(TYPE, () => new GaussianMixture(params as GaussianMixtureOptions));
    gmm.#state = readMixtureState(model.state, gmm.params.k, gmm.params.covarianceType, TYPE);
    return gmm;
  }
}
