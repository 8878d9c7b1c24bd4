/**
 * The k-modes estimator: clusters on categorical attributes only.
 *
 * @module
 */
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../../model/estimator.js';
import { readObject, restoring } from '../../preprocess/state-json.js';
import type { KPrototypesInit } from './init.js';
import {
  costsMixed,
  fitMixed,
  learnedFromJSON,
  learnedToJSON,
  predictMixed,
  type KPrototypesLearned,
} from './learned.js';
import type { CategoricalInput } from './mixed-data.js';
import { mixedParams } from './options.js';

const TYPE = 'KModes';

/** Hyperparameters of {@link KModes}, defaults filled in. */
export interface KModesParams {
  /** Number of clusters, a whole number ≥ 1 (required). */
  readonly k: number;
  /** Initialisation (default `'cao'`, deterministic; see {@link KPrototypesInit}). */
  readonly init: KPrototypesInit;
  /** Runs, the lowest cost kept (default 1 with `'cao'`, else 10). */
  readonly nInit: number;
  /** Most updates of one run (default 100). */
  readonly maxIter: number;
  /**
   * A run stops when an update lowers the cost by at most `tol` × the cost (default 1e-4;
   * 0: only when no row changes cluster, as Huang's algorithm).
   */
  readonly tol: number;
  /** Seed of the random generator (default 0). */
  readonly seed: number;
}

/** Options of the {@link KModes} constructor: `k` is required. */
export type KModesOptions = Partial<KModesParams> & { readonly k: number };

/** The learned state of {@link KModes} (no numeric attributes: `means` rows are empty). */
export type KModesLearned = KPrototypesLearned;

/**
 * k-modes (Huang 1998): each cluster is summarised by its mode, the most frequent category of
 * each attribute, and a row goes to the cluster whose mode it mismatches least. Iterated in
 * batch like Lloyd's k-means (see `run.ts`); ties go to the lowest cluster and, within a
 * mode, to the category first in sorted order.
 *
 * ```ts
 * const model = new KModes({ k: 3 }).fit({ country: table.country, channel: table.channel });
 * model.learned.modes; // e.g. [['Germany', 'Retail'], …]
 * ```
 */
export class KModes implements Estimator<KModesParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<KModesParams>;
  #state: KModesLearned | undefined;

  /** @param options see {@link KModesOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: KModesOptions) {
    const { k, init, nInit, maxIter, tol, seed } = mixedParams(
      options,
      { init: 'cao' },
      false,
      TYPE,
    );
    this.params = Object.freeze({ k, init, nInit, maxIter, tol, seed });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Everything `fit` learned (a copy of the labels). */
  get learned(): KModesLearned {
    const state = requireFitted(this.#state, TYPE);
    return { ...state, labels: Int32Array.from(state.labels) };
  }

  /** Cluster of each training row (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(requireFitted(this.#state, TYPE).labels);
  }

  /** Total mismatches of the training rows to their modes. */
  get cost(): number {
    return requireFitted(this.#state, TYPE).cost;
  }

  /** Clusters the rows of the categorical columns. */
  fit(categorical: CategoricalInput): this {
    this.#state = fitMixed({ categorical }, { ...this.params, gamma: 1 }, `${TYPE}.fit`);
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(categorical: CategoricalInput): Int32Array {
    return this.fit(categorical).labels;
  }

  /** The mode each row mismatches least (a category unseen at fit matches no mode). */
  predict(categorical: CategoricalInput): Int32Array {
    return predictMixed(requireFitted(this.#state, TYPE), { categorical }, `${TYPE}.predict`)
      .labels;
  }

  /** Mismatches of each row to each mode: n × k, row-major. */
  transform(categorical: CategoricalInput): Float64Array {
    return costsMixed(requireFitted(this.#state, TYPE), { categorical }, `${TYPE}.transform`);
  }

  /** The fitted model as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    return modelJSON(
      TYPE,
      1,
      { ...this.params },
      learnedToJSON(requireFitted(this.#state, TYPE)),
    ) as ModelJSON;
  }

  /** Restores a fitted model from {@link KModes.toJSON} output (object or string). */
  static fromJSON(json: unknown): KModes {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const out = restoring(TYPE, () => new KModes(params as KModesOptions));
    out.#state = learnedFromJSON(model.state, out.params.k, TYPE);
    return out;
  }
}
