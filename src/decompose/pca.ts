/**
 * Principal component analysis, equal to scikit-learn's `PCA` (solver "full").
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../model/estimator.js';
import {
  checkedMatrix,
  createMatrix,
  type Matrix,
  type MatrixInput,
} from '../cluster/kmeans/matrix.js';
import { decodeNumbers, readObject, readStrings, restoring } from '../preprocess/state-json.js';
import { checkOptions } from '../util/options.js';
import { symmetricEigen } from './symmetric-eigen.js';

const TYPE = 'PCA';

/** Hyperparameters of {@link PCA}. */
export interface PCAParams {
  /**
   * Components to keep: a whole number from 1 to min(rows, features); a fraction in (0, 1)
   * keeps the fewest components whose explained variance ratios add up to more than it (as
   * scikit-learn); `null` (default) keeps min(rows, features).
   */
  readonly nComponents: number | null;
}

/** Options accepted by the {@link PCA} constructor. */
export type PCAOptions = Partial<PCAParams>;

interface State {
  readonly featureNames: readonly string[] | null;
  readonly nSamples: number;
  readonly mean: readonly number[];
  /** Row-major nComponents × nFeatures. */
  readonly components: readonly (readonly number[])[];
  readonly explainedVariance: readonly number[];
  readonly explainedVarianceRatio: readonly number[];
  readonly singularValues: readonly number[];
}

/**
 * Projects centred data on its directions of largest variance.
 *
 * Computed from the eigen-decomposition of the covariance matrix (features × features, so
 * cheap for the few features of customer data) and equal to scikit-learn 1.2's
 * `PCA(svd_solver="full")` up to rounding: `explainedVariance` is S²/(n − 1), the ratio is over
 * the total variance of all components, and signs follow scikit-learn 1.2's `svd_flip` on U —
 * in every component, the sample with the largest |score| (the first such sample on ties)
 * scores positive. Data is not scaled: standardize first when features have different units.
 */
export class PCA implements Estimator<PCAParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<PCAParams>;
  #state: State | undefined;

  /** @param options see {@link PCAParams}; `INVALID_OPTION` when malformed. */
  constructor(options: PCAOptions = {}) {
    const raw = checkOptions(options, ['nComponents'], TYPE);
    const n = raw['nComponents'] ?? null;
    if (
      n !== null &&
      (typeof n !== 'number' || !(n > 0) || (n >= 1 && !Number.isInteger(n)) || !Number.isFinite(n))
    ) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} option "nComponents" must be a whole number ≥ 1, a fraction in (0, 1) or null`,
      );
    }
    this.params = Object.freeze({ nComponents: n as number | null });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Number of components kept. */
  get nComponents(): number {
    return requireFitted(this.#state, TYPE).components.length;
  }

  /** Per-feature means subtracted before projecting. */
  get mean(): readonly number[] {
    return requireFitted(this.#state, TYPE).mean;
  }

  /** Principal axes, one row of feature loadings per component (unit length). */
  get components(): readonly (readonly number[])[] {
    return requireFitted(this.#state, TYPE).components;
  }

  /** Variance along each component (sample variance, n − 1). */
  get explainedVariance(): readonly number[] {
    return requireFitted(this.#state, TYPE).explainedVariance;
  }

  /** Share of the total variance along each component. */
  get explainedVarianceRatio(): readonly number[] {
    return requireFitted(this.#state, TYPE).explainedVarianceRatio;
  }

  /** Singular values of the centred data (√(explainedVariance · (n − 1))). */
  get singularValues(): readonly number[] {
    return requireFitted(this.#state, TYPE).singularValues;
  }

  /** Learns the mean and the principal axes of `x` (at least 2 rows, finite values). */
  fit(x: MatrixInput): this {
    const m = checkedMatrix(x, TYPE);
    const { rows: n, cols: d, data } = m;
    if (n < 2) throw new CohortlabError('INVALID_INPUT', `${TYPE} needs at least 2 rows, got ${n}`);
    const rank = Math.min(n, d);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j] as number;
    for (let j = 0; j < d; j++) mean[j]! /= n;
    const cov = new Float64Array(d * d);
    const row = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = (data[i * d + j] as number) - (mean[j] as number);
      for (let a = 0; a < d; a++) {
        const ra = row[a] as number;
        for (let b = a; b < d; b++) cov[a * d + b]! += ra * (row[b] as number);
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const v = (cov[a * d + b] as number) / (n - 1);
        cov[a * d + b] = v;
        cov[b * d + a] = v;
      }
    }
    const eigen = symmetricEigen(cov, d);
    // Rounding can leave the zero eigenvalues of a rank-deficient matrix slightly negative.
    const variance = Array.from(eigen.values.subarray(0, rank), (v) => Math.max(v, 0));
    const total = variance.reduce((s, v) => s + v, 0);
    const ratio = variance.map((v) => v / total);
    const keep = this.#componentsToKeep(ratio, rank);
    const components: number[][] = [];
    for (let c = 0; c < keep; c++) {
      const axis = Array.from(eigen.vectors.subarray(c * d, c * d + d));
      if (largestScoreSign(data, n, d, mean, axis) < 0)
        for (let j = 0; j < d; j++) axis[j] = -axis[j]!;
      components.push(axis);
    }
    this.#state = {
      featureNames: m.names === undefined ? null : [...m.names],
      nSamples: n,
      mean: Array.from(mean),
      components,
      explainedVariance: variance.slice(0, keep),
      explainedVarianceRatio: ratio.slice(0, keep),
      singularValues: variance.slice(0, keep).map((v) => Math.sqrt(v * (n - 1))),
    };
    return this;
  }

  /** Scores of every row on the kept components: `(x − mean) · componentsᵀ`, named PC1, PC2, … */
  transform(x: MatrixInput): Matrix {
    const state = requireFitted(this.#state, TYPE);
    const m = checkedMatrix(x, TYPE);
    const d = state.mean.length;
    if (m.cols !== d) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${TYPE} was fitted on ${d} features, transform got ${m.cols}`,
      );
    }
    const k = state.components.length;
    const out = createMatrix(
      m.rows,
      k,
      state.components.map((_, c) => `PC${c + 1}`),
    );
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < k; c++) {
        const axis = state.components[c] as readonly number[];
        let s = 0;
        for (let j = 0; j < d; j++) {
          s += ((m.data[i * d + j] as number) - (state.mean[j] as number)) * (axis[j] as number);
        }
        out.data[i * k + c] = s;
      }
    }
    return out;
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: MatrixInput): Matrix {
    return this.fit(x).transform(x);
  }

  /** Maps scores back to feature space: `scores · components + mean` (lossy below full rank). */
  inverseTransform(scores: MatrixInput): Matrix {
    const state = requireFitted(this.#state, TYPE);
    const m = checkedMatrix(scores, TYPE);
    const k = state.components.length;
    const d = state.mean.length;
    if (m.cols !== k) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${TYPE} has ${k} components, got ${m.cols} scores`,
      );
    }
    const out = createMatrix(m.rows, d, state.featureNames ?? undefined);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < d; j++) {
        let s = state.mean[j] as number;
        for (let c = 0; c < k; c++) {
          s +=
            (m.data[i * k + c] as number) *
            ((state.components[c] as readonly number[])[j] as number);
        }
        out.data[i * d + j] = s;
      }
    }
    return out;
  }

  /** The fitted model as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const s = requireFitted(this.#state, TYPE);
    return modelJSON(
      TYPE,
      1,
      { nComponents: this.params.nComponents },
      {
        featureNames: s.featureNames === null ? null : [...s.featureNames],
        nSamples: s.nSamples,
        mean: [...s.mean],
        components: s.components.map((c) => [...c]),
        explainedVariance: [...s.explainedVariance],
        explainedVarianceRatio: [...s.explainedVarianceRatio],
        singularValues: [...s.singularValues],
      },
    );
  }

  /** Restores a fitted PCA from {@link PCA.toJSON} output (object or string). */
  static fromJSON(json: unknown): PCA {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const pca = restoring(TYPE, () => new PCA(params as PCAOptions));
    const mean = decodeNumbers(state['mean'], readLength(state['mean']), 'mean', TYPE);
    const rawComponents = state['components'];
    if (!Array.isArray(rawComponents) || rawComponents.length === 0) {
      throw new CohortlabError('INVALID_MODEL', `${TYPE} model field "components" must be a list`);
    }
    const k = rawComponents.length;
    const nSamples = state['nSamples'];
    if (typeof nSamples !== 'number' || !Number.isInteger(nSamples) || nSamples < 2) {
      throw new CohortlabError('INVALID_MODEL', `${TYPE} model field "nSamples" must be ≥ 2`);
    }
    pca.#state = {
      featureNames:
        state['featureNames'] === null
          ? null
          : readStrings(state['featureNames'], 'featureNames', TYPE),
      nSamples,
      mean,
      components: rawComponents.map((c: unknown) =>
        decodeNumbers(c, mean.length, 'components', TYPE),
      ),
      explainedVariance: decodeNumbers(state['explainedVariance'], k, 'explainedVariance', TYPE),
      explainedVarianceRatio: decodeNumbers(
        state['explainedVarianceRatio'],
        k,
        'explainedVarianceRatio',
        TYPE,
      ),
      singularValues: decodeNumbers(state['singularValues'], k, 'singularValues', TYPE),
    };
    return pca;
  }

  #componentsToKeep(ratio: readonly number[], rank: number): number {
    const n = this.params.nComponents;
    if (n === null) return rank;
    if (n < 1) {
      // scikit-learn: searchsorted(cumsum, n, side='right') + 1.
      let cumulative = 0;
      for (let c = 0; c < ratio.length; c++) {
        cumulative += ratio[c] as number;
        if (cumulative > n) return c + 1;
      }
      return rank;
    }
    if (n > rank) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE}: nComponents = ${n} exceeds min(rows, features) = ${rank}`,
      );
    }
    return n;
  }
}

/** Sign of the score with the largest |value| on `axis` (first such row on ties). */
function largestScoreSign(
  data: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
  axis: readonly number[],
): number {
  let best = -1;
  let sign = 1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++)
      s += ((data[i * d + j] as number) - (mean[j] as number)) * (axis[j] as number);
    if (Math.abs(s) > best) {
      best = Math.abs(s);
      sign = s < 0 ? -1 : 1;
    }
  }
  return sign;
}

function readLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
