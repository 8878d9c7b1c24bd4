/**
 * The learned network of an {@link MLPClassifier} as plain arrays: dense layers of float32
 * weights, the forward pass that turns standardised rows into class probabilities, and the
 * JSON form of the layers.
 *
 * Prediction runs here, in JavaScript, not on TensorFlow.js: it is synchronous, needs no
 * backend, allocates no tensors, and gives the same probabilities on every backend and after
 * a JSON round trip. Sums run in float64 over the float32 weights.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { readArray, readObject } from '../../preprocess/state-json.js';
import type { MLPActivation } from './options.js';

/** One fully connected layer: `out = in · weights + bias`. */
export interface DenseLayer {
  /** Inputs of the layer. */
  readonly inputs: number;
  /** Units of the layer. */
  readonly outputs: number;
  /** `inputs × outputs`, row-major: `weights[i * outputs + j]` joins input i to unit j. */
  readonly weights: Float32Array;
  /** One bias per unit. */
  readonly bias: Float32Array;
}

/** The JSON form of a {@link DenseLayer}: float32 values as JSON numbers, which is exact. */
export type DenseLayerJSON = {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: readonly number[];
  readonly bias: readonly number[];
};

/**
 * Class probabilities of `rows` standardised rows (row-major, `layers[0].inputs` wide):
 * hidden layers with `activation`, a softmax on the last layer. Returns rows × classes.
 */
export function forwardProbabilities(
  layers: readonly DenseLayer[],
  activation: MLPActivation,
  x: Float64Array,
  rows: number,
): Float64Array {
  const first = layers[0] as DenseLayer;
  const last = layers[layers.length - 1] as DenseLayer;
  const k = last.outputs;
  const out = new Float64Array(rows * k);
  const width = Math.max(...layers.map((l) => l.outputs), first.inputs);
  let current = new Float64Array(width);
  let next = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    current.set(x.subarray(r * first.inputs, (r + 1) * first.inputs));
    for (let l = 0; l < layers.length; l++) {
      const { inputs, outputs, weights, bias } = layers[l] as DenseLayer;
      for (let j = 0; j < outputs; j++) next[j] = bias[j] as number;
      for (let i = 0; i < inputs; i++) {
        const v = current[i] as number;
        if (v === 0) continue;
        const offset = i * outputs;
        for (let j = 0; j < outputs; j++)
          next[j] = (next[j] as number) + v * (weights[offset + j] as number);
      }
      if (l < layers.length - 1) activate(next, outputs, activation);
      const swap = current;
      current = next;
      next = swap;
    }
    softmaxInto(current, k, out, r * k);
  }
  return out;
}

function activate(values: Float64Array, n: number, activation: MLPActivation): void {
  if (activation === 'relu') {
    for (let j = 0; j < n; j++) if (!((values[j] as number) > 0)) values[j] = 0;
  } else {
    for (let j = 0; j < n; j++) values[j] = Math.tanh(values[j] as number);
  }
}

/** Softmax of `logits[0..k)` written to `out[offset..offset + k)`, shifted by the maximum. */
function softmaxInto(logits: Float64Array, k: number, out: Float64Array, offset: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, logits[c] as number);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((logits[c] as number) - max);
    out[offset + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[offset + c] = (out[offset + c] as number) / sum;
}

/** The layers as JSON. */
export function layersJSON(layers: readonly DenseLayer[]): DenseLayerJSON[] {
  return layers.map((l) => ({
    inputs: l.inputs,
    outputs: l.outputs,
    weights: Array.from(l.weights),
    bias: Array.from(l.bias),
  }));
}

/**
 * Reads layers back from JSON and checks that they chain: `sizes` are the expected widths,
 * input first (features, hidden units…, classes). `INVALID_MODEL` on any mismatch or on a
 * value that is not a finite number.
 */
export function readLayers(value: unknown, sizes: readonly number[], type: string): DenseLayer[] {
  const list = readArray(value, 'layers', type);
  if (list.length !== sizes.length - 1) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model has ${list.length} layers, expected ${sizes.length - 1}`,
    );
  }
  return list.map((item, l) => {
    const layer = readObject(item, `layers[${l}]`, type);
    const inputs = sizes[l] as number;
    const outputs = sizes[l + 1] as number;
    if (layer['inputs'] !== inputs || layer['outputs'] !== outputs) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${type} model layer ${l} is ${String(layer['inputs'])} × ${String(layer['outputs'])}, expected ${inputs} × ${outputs}`,
      );
    }
    return {
      inputs,
      outputs,
      weights: readFloats(layer['weights'], inputs * outputs, `layers[${l}].weights`, type),
      bias: readFloats(layer['bias'], outputs, `layers[${l}].bias`, type),
    };
  });
}

function readFloats(value: unknown, length: number, field: string, type: string): Float32Array {
  const list = readArray(value, field, type);
  if (list.length !== length) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model field "${field}" has ${list.length} entries, expected ${length}`,
    );
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${type} model field "${field}" holds a non-finite or non-number value`,
      );
    }
    out[i] = v;
  }
  return out;
}
