/**
 * The multilayer-perceptron classifier.
 *
 * @module
 */
import { stepProgress } from '../../util/progress.js';
import { Xoshiro128 } from '../../cluster/kmeans/random.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type {
  ClassProbabilities,
  SupervisedClassifier,
  SupervisedFitOptions,
} from '../../model/classifier.js';
import { modelJSON, readModelJSON, requireFitted, type ModelJSON } from '../../model/estimator.js';
import { checkOptions } from '../../util/options.js';
import { StandardScaler } from '../../preprocess/standard-scaler.js';
import { readObject, restoring } from '../../preprocess/state-json.js';
import { selectColumns, type ColumnTable } from '../../table/column-table.js';
import { classWeights, encodeTarget, finiteMatrix, resolveFeatures, rowWeights } from './inputs.js';
import { readState, stateJSON, type MLPState, type MLPTrainingHistory } from './model-json.js';
import { forwardProbabilities, type DenseLayer } from './network.js';
import {
  mlpParams,
  paramsJSON,
  type MLPClassifierOptions,
  type MLPClassifierParams,
} from './options.js';
import { stratifiedHoldout } from './split.js';
import { loadTensorFlow } from './tf.js';
import { trainNetwork } from './train.js';

const TYPE = 'MLPClassifier';

/**
 * A feed-forward neural-net classifier trained with TensorFlow.js: dense hidden layers (ReLU
 * or tanh), a softmax output, weighted cross-entropy with an L2 penalty, mini-batch Adam, and
 * early stopping on a stratified validation split (the weights of the best validation epoch
 * are kept).
 *
 * - Inputs are standardised by a {@link StandardScaler} fitted on the training features and
 *   stored in the model; features must be numeric and finite (impute and one-hot encode first).
 * - `fit` is asynchronous (it loads TensorFlow.js on first use, see {@link loadTensorFlow}),
 *   then trains synchronously. `predict` / `predictProba` are synchronous and run in plain
 *   JavaScript on the learned weights, so they need no backend and leave no tensors behind.
 * - Seeded: the same `seed`, data and backend give bit-identical weights, predictions and
 *   probabilities. Across backends (wasm vs cpu), and in browsers across wasm thread counts,
 *   floating-point sums run in different orders, so results agree only to rounding.
 * - `toJSON` stores the float32 weights exactly; `fromJSON(toJSON())` predicts identically.
 *
 * ```ts
 * const mlp = new MLPClassifier({ hiddenLayers: [32, 16], seed: 7 });
 * await mlp.fit(features, channel, { features: ['Fresh', 'Milk', 'Grocery'] });
 * mlp.predict(newRows);              // one label per row
 * mlp.predictProba(newRows);         // { classes, probabilities } (row-major)
 * ```
 */
export class MLPClassifier implements SupervisedClassifier<MLPClassifierParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<MLPClassifierParams>;
  #state: MLPState | undefined;

  /** @param options see {@link MLPClassifierParams}; `INVALID_OPTION` when malformed. */
  constructor(options: MLPClassifierOptions = {}) {
    this.params = mlpParams(options);
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Class labels learned at fit, sorted; the column order of `predictProba`. */
  get classes(): readonly string[] {
    return requireFitted(this.#state, TYPE).classes;
  }

  /** Feature columns learned at fit, in order. */
  get featureNames(): readonly string[] {
    return requireFitted(this.#state, TYPE).featureNames;
  }

  /** How training went: losses per epoch, the epoch kept, the backend used (a copy). */
  get history(): MLPTrainingHistory {
    const { history } = requireFitted(this.#state, TYPE);
    return { ...history, loss: [...history.loss], validationLoss: [...history.validationLoss] };
  }

  /** The learned dense layers, input side first (copies). */
  get layers(): DenseLayer[] {
    return requireFitted(this.#state, TYPE).layers.map((l) => ({
      ...l,
      weights: Float32Array.from(l.weights),
      bias: Float32Array.from(l.bias),
    }));
  }

  /** The standardisation learned at fit (a copy). */
  get scaler(): StandardScaler {
    return StandardScaler.fromJSON(requireFitted(this.#state, TYPE).scaler.toJSON());
  }

  /**
   * Learns to predict `target` (one label per row) from the feature columns of `table`:
   * `options.features`, or every numeric column. `options.sampleWeight` gives each row a
   * weight ≥ 0. Resolves to the fitted model.
   *
   * `INVALID_INPUT` for a NaN / ±Infinity feature value (naming the column and row), a target
   * of the wrong length or with one class, or bad weights; `UNKNOWN_FEATURE` for a missing
   * column; `INVALID_OPTION` when training diverges.
   */
  async fit(
    table: ColumnTable,
    target: readonly string[],
    options: SupervisedFitOptions = {},
  ): Promise<this> {
    const owner = `${TYPE}.fit`;
    const {
      features: requested,
      sampleWeight,
      progress,
    } = checkOptions(
      options,
      ['features', 'sampleWeight', 'progress'],
      owner,
    ) as SupervisedFitOptions;
    const features = resolveFeatures(table, requested, owner);
    const matrix = finiteMatrix(table, features, owner);
    if (matrix.rows === 0) throw new CohortlabError('INVALID_INPUT', `${owner}: no rows`);
    const { classes, y } = encodeTarget(target, matrix.rows, owner);
    const perClass = classWeights(this.params.classWeight, classes, y, owner);
    const rng = new Xoshiro128(this.params.seed);
    const split = stratifiedHoldout(y, classes.length, this.params.validationFraction, rng);
    const weights = rowWeights(sampleWeight, perClass, y, split.train, owner);
    const scaler = new StandardScaler({ columns: features }).fit(selectColumns(table, features));
    const x = Float32Array.from(standardise(matrix.data, matrix.cols, scaler));

    let runtime = await loadTensorFlow(this.params.backend);
    // TensorFlow.js has one active backend per process: a concurrent fit on another backend
    // may have switched it while this one awaited. Training below is synchronous, so once the
    // check passes the backend stays put until this fit is done.
    while (runtime.tf.getBackend() !== runtime.backend) {
      runtime = await loadTensorFlow(this.params.backend);
    }
    const { tf, backend } = runtime;
    const { layers, history } = trainNetwork(
      tf,
      { x, cols: matrix.cols, y, nClasses: classes.length, weights, ...split },
      this.params,
      rng,
      stepProgress(progress, 'epochs', 'epochs'),
    );
    this.#state = {
      featureNames: Object.freeze(features),
      classes: Object.freeze(classes),
      scaler,
      layers,
      history: {
        ...history,
        backend,
        trainRows: split.train.length,
        validationRows: split.validation.length,
      },
    };
    return this;
  }

  /**
   * Class probabilities of each row of `table` (which needs the feature columns learned at
   * fit, finite): `classes` in sorted order and a row-major n × classes matrix whose rows
   * sum to 1.
   */
  predictProba(table: ColumnTable): ClassProbabilities {
    const state = requireFitted(this.#state, TYPE);
    const matrix = finiteMatrix(table, state.featureNames, `${TYPE}.predict`);
    const x = standardise(matrix.data, matrix.cols, state.scaler);
    return {
      classes: [...state.classes],
      probabilities: forwardProbabilities(state.layers, this.params.activation, x, matrix.rows),
    };
  }

  /** The most probable class of each row (the first in sorted order on a tie). */
  predict(table: ColumnTable): string[] {
    const { classes, probabilities } = this.predictProba(table);
    const k = classes.length;
    const rows = probabilities.length / k;
    const labels: string[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < k; c++) {
        if ((probabilities[r * k + c] as number) > (probabilities[r * k + best] as number))
          best = c;
      }
      labels[r] = classes[best] as string;
    }
    return labels;
  }

  /** The fitted model as plain JSON, weights included; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    return modelJSON(TYPE, 1, paramsJSON(this.params), stateJSON(requireFitted(this.#state, TYPE)));
  }

  /** Restores a fitted model from {@link MLPClassifier.toJSON} output (object or string). */
  static fromJSON(json: unknown): MLPClassifier {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const mlp = restoring(TYPE, () => new MLPClassifier(params));
    mlp.#state = readState(model.state, mlp.params, TYPE);
    return mlp;
  }
}

/** `(x - mean) / scale` per column of a row-major matrix, in float64. */
function standardise(data: Float64Array, cols: number, scaler: StandardScaler): Float64Array {
  const { mean, scale } = scaler;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i += cols) {
    for (let j = 0; j < cols; j++) {
      out[i + j] = ((data[i + j] as number) - (mean[j] as number)) / (scale[j] as number);
    }
  }
  return out;
}
