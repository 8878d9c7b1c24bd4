/**
 * Hyperparameters of {@link MLPClassifier} and their run-time validation. Options arrive from
 * TypeScript, plain JavaScript notebooks and parsed JSON alike, so each one is checked and a
 * problem is reported as `INVALID_OPTION`.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { integerOption, nonNegativeOption } from '../../cluster/kmeans/options.js';
import type { JsonValue } from '../../model/estimator.js';
import { checkOptions, enumOption, type RawOptions } from '../../util/options.js';
import type { TensorFlowBackendChoice } from './backend.js';

/** Activation of the hidden layers. */
export type MLPActivation = 'relu' | 'tanh';

/**
 * Per-class weights: `'balanced'` weighs each class by `n / (nClasses × count)`, as
 * scikit-learn does, so that every class carries the same total weight; a map gives a weight
 * ≥ 0 per class label (classes it leaves out weigh 1).
 */
export type MLPClassWeight = 'balanced' | Readonly<Record<string, number>>;

/** Hyperparameters of {@link MLPClassifier}, defaults filled in. */
export type MLPClassifierParams = {
  /** Units of each hidden layer, input side first (default `[32, 16]`; `[]` is softmax regression). */
  readonly hiddenLayers: readonly number[];
  /** Activation of the hidden layers (default `'relu'`). */
  readonly activation: MLPActivation;
  /** Adam's step size (default 0.001). */
  readonly learningRate: number;
  /** Most passes over the training rows (default 200); early stopping may end sooner. */
  readonly epochs: number;
  /** Rows per gradient step (default 32). */
  readonly batchSize: number;
  /** L2 penalty: `l2 × Σ w²` over the weight matrices (not the biases) is added to the loss (default 1e-4). */
  readonly l2: number;
  /**
   * Share of the rows held out, stratified by class, to decide when to stop (default 0.1). 0
   * turns early stopping off: every epoch runs and all rows train.
   */
  readonly validationFraction: number;
  /** Epochs without an improvement of the validation loss before training stops (default 10). */
  readonly patience: number;
  /** Smallest decrease of the validation loss that counts as an improvement (default 1e-4). */
  readonly tol: number;
  /** Class weights (default: none, every class weighs 1). See {@link MLPClassWeight}. */
  readonly classWeight?: MLPClassWeight;
  /** Seed of every random choice: initial weights, validation split, shuffling (default 0). */
  readonly seed: number;
  /** TensorFlow.js backend to train on (default `'auto'`: wasm when it loads, else cpu). */
  readonly backend: TensorFlowBackendChoice;
};

/** Options of the {@link MLPClassifier} constructor; every one is optional. */
export type MLPClassifierOptions = Partial<MLPClassifierParams>;

const TYPE = 'MLPClassifier';
const OPTION_KEYS = [
  'hiddenLayers',
  'activation',
  'learningRate',
  'epochs',
  'batchSize',
  'l2',
  'validationFraction',
  'patience',
  'tol',
  'classWeight',
  'seed',
  'backend',
];
const ACTIVATIONS: readonly MLPActivation[] = ['relu', 'tanh'];
const BACKENDS: readonly TensorFlowBackendChoice[] = ['auto', 'wasm', 'cpu'];

/** Validates `options` and returns the frozen hyperparameters with defaults filled in. */
export function mlpParams(options: unknown): Readonly<MLPClassifierParams> {
  const raw = checkOptions(options, OPTION_KEYS, TYPE);
  const learningRate = nonNegativeOption(raw, 'learningRate', 0.001, TYPE);
  if (learningRate === 0) {
    throw new CohortlabError('INVALID_OPTION', `${TYPE} option "learningRate" must be > 0`);
  }
  const validationFraction = nonNegativeOption(raw, 'validationFraction', 0.1, TYPE);
  if (validationFraction >= 1) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${TYPE} option "validationFraction" must be in [0, 1), got ${validationFraction}`,
    );
  }
  const seed = raw['seed'] ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${TYPE} option "seed" must be a safe integer, got ${String(seed)}`,
    );
  }
  const classWeight = classWeightOption(raw);
  return Object.freeze({
    hiddenLayers: hiddenLayersOption(raw),
    activation: enumOption(raw, 'activation', ACTIVATIONS, 'relu', TYPE),
    learningRate,
    epochs: integerOption(raw, 'epochs', 200, 1, TYPE),
    batchSize: integerOption(raw, 'batchSize', 32, 1, TYPE),
    l2: nonNegativeOption(raw, 'l2', 1e-4, TYPE),
    validationFraction,
    patience: integerOption(raw, 'patience', 10, 1, TYPE),
    tol: nonNegativeOption(raw, 'tol', 1e-4, TYPE),
    ...(classWeight === undefined ? {} : { classWeight }),
    seed,
    backend: enumOption(raw, 'backend', BACKENDS, 'auto', TYPE),
  });
}

/** The hyperparameters as plain JSON (`classWeight` left out when unset). */
export function paramsJSON(params: Readonly<MLPClassifierParams>): {
  readonly [key: string]: JsonValue;
} {
  const { classWeight, hiddenLayers, ...rest } = params;
  return {
    ...rest,
    hiddenLayers: [...hiddenLayers],
    ...(classWeight === undefined
      ? {}
      : { classWeight: typeof classWeight === 'string' ? classWeight : { ...classWeight } }),
  };
}

function hiddenLayersOption(raw: RawOptions): readonly number[] {
  const value = raw['hiddenLayers'];
  if (value === undefined) return Object.freeze([32, 16]);
  if (
    !Array.isArray(value) ||
    !value.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${TYPE} option "hiddenLayers" must be a list of whole numbers >= 1 (units per layer)`,
    );
  }
  return Object.freeze([...(value as number[])]);
}

function classWeightOption(raw: RawOptions): MLPClassWeight | undefined {
  const value = raw['classWeight'];
  if (value === undefined || value === 'balanced') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${TYPE} option "classWeight" must be 'balanced' or an object of class → weight`,
    );
  }
  const out: Record<string, number> = {};
  for (const [label, weight] of Object.entries(value as Record<string, unknown>)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} option "classWeight": the weight of class "${label}" must be a finite number >= 0`,
      );
    }
    out[label] = weight;
  }
  return Object.freeze(out);
}
