/**
 * The learned state of an {@link MLPClassifier} and its JSON form. The weights are stored as
 * JSON numbers: every float32 is exactly representable as a float64 and JSON prints float64s
 * so that they parse back unchanged, so a round trip restores the weights bit for bit.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { StandardScaler } from '../../preprocess/standard-scaler.js';
import {
  decodeNumbers,
  encodeNumbers,
  readArray,
  readObject,
  readStrings,
} from '../../preprocess/state-json.js';
import { layersJSON, readLayers, type DenseLayer } from './network.js';
import type { MLPClassifierParams } from './options.js';
import type { TensorFlowBackend } from './backend.js';
import type { TrainingHistory } from './history.js';

/** How an {@link MLPClassifier} was trained. */
export type MLPTrainingHistory = TrainingHistory & {
  /** The TensorFlow.js backend it trained on. */
  readonly backend: TensorFlowBackend;
  /** Rows trained on. */
  readonly trainRows: number;
  /** Rows held out for early stopping. */
  readonly validationRows: number;
};

/** Everything `fit` learns. */
export interface MLPState {
  /** Feature columns, in the order the first layer reads them. */
  readonly featureNames: readonly string[];
  /** Class labels, sorted: the order of the output units. */
  readonly classes: readonly string[];
  /** Standardisation of the features, fitted on the training table. */
  readonly scaler: StandardScaler;
  /** Dense layers, input side first; the last has one unit per class. */
  readonly layers: readonly DenseLayer[];
  /** How training went. */
  readonly history: MLPTrainingHistory;
}

/** The state as plain JSON. */
export function stateJSON(state: MLPState) {
  const { history } = state;
  return {
    featureNames: [...state.featureNames],
    classes: [...state.classes],
    scaler: { ...state.scaler.toJSON() },
    layers: layersJSON(state.layers),
    history: {
      loss: encodeNumbers(history.loss),
      validationLoss: encodeNumbers(history.validationLoss),
      epochs: history.epochs,
      bestEpoch: history.bestEpoch,
      stoppedEarly: history.stoppedEarly,
      backend: history.backend,
      trainRows: history.trainRows,
      validationRows: history.validationRows,
    },
  };
}

/** Reads the state back, checking it against `params`; `INVALID_MODEL` when inconsistent. */
export function readState(
  value: unknown,
  params: Readonly<MLPClassifierParams>,
  type: string,
): MLPState {
  const state = readObject(value, 'state', type);
  const featureNames = readStrings(state['featureNames'], 'featureNames', type);
  const classes = readStrings(state['classes'], 'classes', type);
  if (featureNames.length === 0 || classes.length < 2) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model needs at least one feature and two classes`,
    );
  }
  const scaler = StandardScaler.fromJSON(state['scaler']);
  const scaled = scaler.featureNamesOut;
  if (scaled.length !== featureNames.length || scaled.some((n, j) => n !== featureNames[j])) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model's scaler was fitted on other columns than its features`,
    );
  }
  const sizes = [featureNames.length, ...params.hiddenLayers, classes.length];
  return {
    featureNames: Object.freeze(featureNames),
    classes: Object.freeze(classes),
    scaler,
    layers: readLayers(state['layers'], sizes, type),
    history: readHistory(state['history'], type),
  };
}

function readHistory(value: unknown, type: string): MLPTrainingHistory {
  const h = readObject(value, 'history', type);
  const count = (key: string): number => {
    const v = h[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${type} model field "history.${key}" must be a whole number >= 0`,
      );
    }
    return v;
  };
  const numbers = (key: string): number[] => {
    const list = readArray(h[key], `history.${key}`, type);
    return decodeNumbers(list, list.length, `history.${key}`, type);
  };
  const backend = h['backend'];
  if (backend !== 'wasm' && backend !== 'cpu') {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model field "history.backend" must be 'wasm' or 'cpu'`,
    );
  }
  if (typeof h['stoppedEarly'] !== 'boolean') {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model field "history.stoppedEarly" must be true or false`,
    );
  }
  return {
    loss: numbers('loss'),
    validationLoss: numbers('validationLoss'),
    epochs: count('epochs'),
    bestEpoch: count('bestEpoch'),
    stoppedEarly: h['stoppedEarly'],
    backend,
    trainRows: count('trainRows'),
    validationRows: count('validationRows'),
  };
}
