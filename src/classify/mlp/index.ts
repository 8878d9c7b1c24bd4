/**
 * Neural-net classification: {@link MLPClassifier}, a multilayer perceptron trained on
 * TensorFlow.js (wasm backend when it loads, cpu otherwise), and the lazy TensorFlow.js loader
 * it trains on.
 *
 * @module
 */
export { MLPClassifier } from './mlp-classifier.js';
export type { MLPTrainingHistory } from './model-json.js';
export type { DenseLayer, DenseLayerJSON } from './network.js';
export type {
  MLPActivation,
  MLPClassWeight,
  MLPClassifierOptions,
  MLPClassifierParams,
} from './options.js';
export type { TrainingHistory } from './history.js';
// loadTensorFlow stays internal: its result is typed by @tensorflow/tfjs, an optional package
// whose types a project without it cannot resolve.
export {
  WASM_FALLBACK_MESSAGE,
  type TensorFlowBackend,
  type TensorFlowBackendChoice,
} from './backend.js';
