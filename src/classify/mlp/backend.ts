/**
 * The TensorFlow.js backends the MLP trains on, as plain types: apart from ./tf.ts so that the
 * public types never reference `@tensorflow/tfjs`, an optional package.
 *
 * @module
 */

/** A TensorFlow.js backend this package trains on. */
export type TensorFlowBackend = 'wasm' | 'cpu';

/** Which backend to train on: a named one, or `'auto'` (wasm when it initialises, else cpu). */
export type TensorFlowBackendChoice = 'auto' | TensorFlowBackend;

/** The one line printed when `'auto'` falls back to the cpu backend. */
export const WASM_FALLBACK_MESSAGE =
  'cohortlab: the TensorFlow.js wasm backend did not initialise; training neural nets on the slower cpu backend';
