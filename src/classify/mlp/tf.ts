/**
 * The lazily loaded TensorFlow.js runtime behind {@link MLPClassifier}.
 *
 * `@tensorflow/tfjs` is large, so nothing imports it until the first MLP is trained: then
 * {@link loadTensorFlow} imports it once per process, initialises the backend and silences
 * TensorFlow.js's "install tfjs-node" banner. Backends:
 *
 * - `'wasm'` (`@tensorflow/tfjs-backend-wasm`, XNNPACK with SIMD): the `.wasm` binaries ship in
 *   that package and are read from its `dist` folder, found through Node's module resolution.
 *   In Node it runs single-threaded (TensorFlow.js disables wasm threads there).
 * - `'cpu'` (pure JavaScript, part of `@tensorflow/tfjs`): always available, slower.
 * - `'auto'` (default): wasm when it initialises, else cpu. The choice is made once per
 *   process; falling back prints one line on `console.warn`, once.
 *
 * TensorFlow.js has one active backend per process: loading one here makes it the active
 * backend for any other TensorFlow.js code in the same process too.
 *
 * `@tensorflow/tfjs-node` is not used: it cannot be installed without downloading
 * libtensorflow at install time.
 *
 * @module
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { importOptional, OPTIONAL_PACKAGES } from '../../util/optional-package.js';
import {
  WASM_FALLBACK_MESSAGE,
  type TensorFlowBackend,
  type TensorFlowBackendChoice,
} from './backend.js';

export {
  WASM_FALLBACK_MESSAGE,
  type TensorFlowBackend,
  type TensorFlowBackendChoice,
} from './backend.js';

/** The `@tensorflow/tfjs` module namespace. */
export type TensorFlow = typeof import('@tensorflow/tfjs');

/** TensorFlow.js, ready, with the backend that is now active. */
export interface TensorFlowRuntime {
  /** The `@tensorflow/tfjs` module. */
  readonly tf: TensorFlow;
  /** The active backend. */
  readonly backend: TensorFlowBackend;
}

let tfModule: Promise<TensorFlow> | undefined;
let wasmReady: Promise<boolean> | undefined;
let fallbackReported = false;

/**
 * Imports `@tensorflow/tfjs` (once per process) and makes `backend` the active backend.
 *
 * `'wasm'` throws `INVALID_OPTION` when the wasm backend cannot be initialised; `'auto'` then
 * uses cpu instead and reports it once on `console.warn` ({@link WASM_FALLBACK_MESSAGE}).
 * TensorFlow.js's own initialisation warnings and its "install tfjs-node" banner are not
 * printed.
 */
export async function loadTensorFlow(
  backend: TensorFlowBackendChoice = 'auto',
): Promise<TensorFlowRuntime> {
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'cpu') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `TensorFlow.js backend must be 'auto', 'wasm' or 'cpu', got ${String(backend)}`,
    );
  }
  tfModule ??= importOptional(OPTIONAL_PACKAGES.tensorflow, () => import('@tensorflow/tfjs'));
  let tf: TensorFlow;
  try {
    tf = await tfModule;
  } catch (error) {
    tfModule = undefined; // the user may install it and try again in the same kernel
    throw error;
  }
  let chosen: TensorFlowBackend = 'cpu';
  if (backend !== 'cpu') {
    wasmReady ??= initialiseWasm(tf);
    if (await wasmReady) chosen = 'wasm';
    else if (backend === 'wasm') {
      throw new CohortlabError(
        'INVALID_OPTION',
        "the TensorFlow.js wasm backend could not be initialised here; use backend 'auto' or 'cpu'",
      );
    } else if (!fallbackReported) {
      fallbackReported = true;
      console.warn(WASM_FALLBACK_MESSAGE);
    }
  }
  if (tf.getBackend() !== chosen) {
    const ok = await quietly(tf, () => tf.setBackend(chosen));
    if (!ok) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `the TensorFlow.js ${chosen} backend could not be initialised`,
      );
    }
  }
  if (chosen === 'cpu') silenceNodeBanner(tf);
  return { tf, backend: chosen };
}

/** Points the wasm backend at its binaries and initialises it; false when that fails. */
async function initialiseWasm(tf: TensorFlow): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDirectory());
    return await quietly(tf, () => tf.setBackend('wasm'));
  } catch {
    return false;
  }
}

/**
 * The folder holding the `.wasm` binaries, with a trailing separator: the backend's Node entry
 * point lives in the same `dist` folder. A file path works in Node (emscripten reads it with
 * `fs.readFileSync`).
 */
function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

/**
 * Runs `action` with TensorFlow.js's `PROD` flag set, which mutes its `console.warn` output
 * (a failed backend initialisation prints the stack twice otherwise), then restores the flag.
 */
async function quietly<T>(tf: TensorFlow, action: () => Promise<T>): Promise<T> {
  const env = tf.env();
  const prod = env.getBool('PROD');
  env.set('PROD', true);
  try {
    return await action();
  } finally {
    env.set('PROD', prod);
  }
}

/**
 * The cpu backend prints "looks like you are running TensorFlow.js in Node.js … install our
 * node backend" on its first tensor, unless told it has been used already. The flag is an
 * implementation detail of `@tensorflow/tfjs-backend-cpu` 4.x, so it is only touched when it
 * is there and is a boolean.
 */
function silenceNodeBanner(tf: TensorFlow): void {
  const backend = tf.backend() as unknown as { firstUse?: unknown };
  if (typeof backend.firstUse === 'boolean') backend.firstUse = false;
}
