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
export type { TrainingHistory } from './train.js';
export {
  WASM_FALLBACK_MESSAGE,
  loadTensorFlow,
  type TensorFlow,
  type TensorFlowBackend,
  type TensorFlowBackendChoice,
  type TensorFlowRuntime,
} from './tf.js';
