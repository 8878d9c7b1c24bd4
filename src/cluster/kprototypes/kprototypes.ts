/**
 * The k-prototypes estimator: clusters on numeric and categorical attributes together.
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
import type { GammaOption } from './gamma.js';
import type { KPrototypesInit } from './init.js';
import {
  costsMixed,
  fitMixed,
  learnedFromJSON,
  learnedToJSON,
  predictMixed,
  type KPrototypesLearned,
} from './learned.js';
import type { MixedInput } from './mixed-data.js';
import { mixedParams } from './options.js';

const TYPE = 'KPrototypes';

/** Hyperparameters of {@link KPrototypes}, defaults filled in. */
export interface KPrototypesParams {
  /** Number of clusters, a whole number ≥ 1 (required). */
  readonly k: number;
  /** Weight of a categorical mismatch (default `'auto'`, see `gamma.ts`). */
  readonly gamma: GammaOption;
  /** Initialisation (default `'k-means++'`, see {@link KPrototypesInit}). */
  readonly init: KPrototypesInit;
  /** Runs from different initial prototypes, the lowest cost kept (default 10; 1 for `'cao'`). */
  readonly nInit: number;
  /** Most updates of one run (default 100). */
  readonly maxIter: number;
  /**
   * A run stops when an update lowers the cost by at most `tol` × the cost (default 1e-4;
   * 0: only when no row changes cluster, as Huang's algorithm).
   */
  readonly tol: number;
  /** Seed of the random generator (default 0): same seed and data, same result. */
  readonly seed: number;
}

/** Options of the {@link KPrototypes} constructor: `k` is required. */
export type KPrototypesOptions = Partial<KPrototypesParams> & { readonly k: number };

/**
 * k-prototypes (Huang 1997, 1998): the cost of a row to a cluster is the squared Euclidean
 * distance of its numeric attributes to the cluster means plus γ times the number of
 * categorical attributes that differ from the cluster modes. Scale the numeric attributes
 * first (z-scores): γ is weighed against their squared units.
 *
 * ```ts
 * const model = new KPrototypes({ k: 4, seed: 1 }).fit({
 *   numeric: matrixFromTable(scaled, ['age', 'income']),
 *   categorical: { gender: table.gender, country: table.country },
 * });
 * model.labels;              // Int32Array, one cluster per row
 * model.learned.modes;       // e.g. [['Female', 'Germany'], …]
 * ```
 */
export class KPrototypes implements Estimator<KPrototypesParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<KPrototypesParams>;
  #state: KPrototypesLearned | undefined;

  /** @param options see {@link KPrototypesOptions}; `INVALID_OPTION` when malformed. */
  constructor(options: KPrototypesOptions) {
    this.params = Object.freeze(mixedParams(options, { init: 'k-means++' }, true, TYPE));
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Everything `fit` learned (a copy of the labels). */
  get learned(): KPrototypesLearned {
    const state = requireFitted(this.#state, TYPE);
    return { ...state, labels: Int32Array.from(state.labels) };
  }

  /** Cluster of each training row (a copy). */
  get labels(): Int32Array {
    return Int32Array.from(requireFitted(this.#state, TYPE).labels);
  }

  /** Total cost of the training rows to their prototypes. */
  get cost(): number {
    return requireFitted(this.#state, TYPE).cost;
  }

  /** The γ in use (resolved at fit). */
  get gamma(): number {
    return requireFitted(this.#state, TYPE).gamma;
  }

  /** Clusters the rows: `nInit` runs, keeping the lowest cost. */
  fit(input: MixedInput): this {
    this.#state = fitMixed(input, this.params, `${TYPE}.fit`);
    return this;
  }

  /** `fit`, then the training labels. */
  fitPredict(input: MixedInput): Int32Array {
    return this.fit(input).labels;
  }

  /** The cheapest prototype of each row (a category unseen at fit matches no mode). */
  predict(input: MixedInput): Int32Array {
    return predictMixed(requireFitted(this.#state, TYPE), input, `${TYPE}.predict`).labels;
  }

  /** Cost of each row to each prototype: n × k, row-major. */
  transform(input: MixedInput): Float64Array {
    return costsMixed(requireFitted(this.#state, TYPE), input, `${TYPE}.transform`);
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

  /** Restores a fitted model from {@link KPrototypes.toJSON} output (object or string). */
  static fromJSON(json: unknown): KPrototypes {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const out = restoring(TYPE, () => new KPrototypes(params as KPrototypesOptions));
    out.#state = learnedFromJSON(model.state, out.params.k, TYPE);
    return out;
  }
}
