/**
 * The training loop of {@link MLPClassifier} on TensorFlow.js: mini-batch Adam on a weighted
 * softmax cross-entropy with an L2 penalty, early stopping on a held-out validation loss.
 *
 * Everything random is seeded: the initial weights come from TensorFlow.js's seeded
 * Glorot-uniform initializer (as in scikit-learn and Keras; biases start at 0) with one seed
 * per layer drawn from the caller's generator, and the epochs are shuffled with that generator, never with
 * `Math.random`. The loop runs synchronously once started, so the active backend cannot
 * change under it; every tensor it creates is disposed before it returns or throws.
 *
 * @module
 */
import type { Scalar, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { Xoshiro128 } from '../../cluster/kmeans/random.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { DenseLayer } from './network.js';
import type { MLPClassifierParams } from './options.js';
import { shuffleInPlace } from './split.js';
import type { TrainingHistory } from './history.js';
import type { TensorFlow } from './tf.js';

export type { TrainingHistory } from './history.js';

/** What the loop trains on: standardised features, class indices, weights and the split. */
export interface TrainingData {
  /** Standardised features, row-major, `cols` wide. */
  readonly x: Float32Array;
  /** Features per row. */
  readonly cols: number;
  /** Class index per row. */
  readonly y: Int32Array;
  /** Number of classes. */
  readonly nClasses: number;
  /** Weight per row (sample × class weight, averaging 1 over the training rows). */
  readonly weights: Float32Array;
  /** Rows to train on. */
  readonly train: Int32Array;
  /** Rows for early stopping; empty to run every epoch. */
  readonly validation: Int32Array;
}

/** The hyperparameters the loop uses. */
export type TrainingSettings = Pick<
  MLPClassifierParams,
  | 'hiddenLayers'
  | 'activation'
  | 'learningRate'
  | 'epochs'
  | 'batchSize'
  | 'l2'
  | 'patience'
  | 'tol'
>;

/** Trains a network and returns its layers (best epoch's weights) and history. */
export function trainNetwork(
  tf: TensorFlow,
  data: TrainingData,
  settings: TrainingSettings,
  rng: Xoshiro128,
  onEpoch?: (done: number, total: number) => void,
): { layers: DenseLayer[]; history: TrainingHistory } {
  const sizes = [data.cols, ...settings.hiddenLayers, data.nClasses];
  const depth = sizes.length - 1;
  const kernels: Variable[] = [];
  const biases: Variable[] = [];
  const disposables: { dispose(): void }[] = [];
  try {
    for (let l = 0; l < depth; l++) {
      const shape: [number, number] = [sizes[l] as number, sizes[l + 1] as number];
      const args = { seed: rng.nextUint32() };
      const init = tf.initializers.glorotUniform(args);
      kernels.push(tf.tidy(() => tf.variable(init.apply(shape, 'float32'))));
      biases.push(tf.tidy(() => tf.variable(tf.zeros([shape[1]], 'float32'))));
    }
    const optimizer = tf.train.adam(settings.learningRate);
    disposables.push(optimizer);

    const forward = (x: Tensor2D): Tensor2D => {
      let h = x;
      for (let l = 0; l < depth; l++) {
        const hidden = l < depth - 1;
        const relu = hidden && settings.activation === 'relu';
        h = tf.fused.matMul({
          a: h,
          b: kernels[l] as unknown as Tensor2D,
          bias: biases[l] as Variable,
          activation: relu ? 'relu' : 'linear',
        }) as Tensor2D;
        if (hidden && !relu) h = tf.tanh(h);
      }
      return h;
    };
    /** Σ w·CE / rows: the weighted cross-entropy, averaged over the batch's rows. */
    const dataLoss = (x: Tensor2D, y: Tensor2D, w: Tensor1D, rows: number): Scalar => {
      const crossEntropy = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(forward(x))), 1));
      return tf.div(tf.sum(tf.mul(crossEntropy, w)), rows);
    };
    const penalty = (): Scalar =>
      tf.mul(tf.addN(kernels.map((k) => tf.sum(tf.square(k)))), settings.l2);

    const batch = (rows: ArrayLike<number>, start: number, count: number) => {
      const { cols, nClasses } = data;
      const xb = new Float32Array(count * cols);
      const yb = new Float32Array(count * nClasses);
      const wb = new Float32Array(count);
      for (let r = 0; r < count; r++) {
        const i = rows[start + r] as number;
        xb.set(data.x.subarray(i * cols, (i + 1) * cols), r * cols);
        yb[r * nClasses + (data.y[i] as number)] = 1;
        wb[r] = data.weights[i] as number;
      }
      return {
        x: tf.tensor2d(xb, [count, cols]),
        y: tf.tensor2d(yb, [count, nClasses]),
        w: tf.tensor1d(wb),
      };
    };
    const snapshot = (): DenseLayer[] =>
      kernels.map((kernel, l) => ({
        inputs: sizes[l] as number,
        outputs: sizes[l + 1] as number,
        weights: Float32Array.from(kernel.dataSync()),
        bias: Float32Array.from((biases[l] as Variable).dataSync()),
      }));

    const nValidation = data.validation.length;
    const validation = nValidation > 0 ? batch(data.validation, 0, nValidation) : undefined;
    if (validation !== undefined) disposables.push(validation.x, validation.y, validation.w);

    const loss: number[] = [];
    const validationLoss: number[] = [];
    let best = Infinity;
    let bestEpoch = 0;
    let bestLayers: DenseLayer[] | undefined;
    let wait = 0;
    let stoppedEarly = false;
    const order = Int32Array.from(data.train);
    const { batchSize, epochs, l2, patience, tol } = settings;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffleInPlace(order, rng);
      let sum = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        const count = Math.min(batchSize, order.length - start);
        const cost = tf.tidy(() => {
          const b = batch(order, start, count);
          const objective = (): Scalar => {
            const fit = dataLoss(b.x, b.y, b.w, count);
            return l2 > 0 ? tf.add(fit, penalty()) : fit;
          };
          return optimizer.minimize(objective, true, kernels.concat(biases)) as Scalar;
        });
        sum += (cost.dataSync()[0] as number) * count;
        cost.dispose();
      }
      const epochLoss = sum / order.length;
      loss.push(epochLoss);
      if (!Number.isFinite(epochLoss)) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `MLPClassifier: training diverged (loss ${epochLoss} at epoch ${epoch}); lower learningRate`,
        );
      }
      onEpoch?.(epoch, epochs);
      if (validation === undefined) continue;
      const scored = tf.tidy(() => dataLoss(validation.x, validation.y, validation.w, nValidation));
      const value = scored.dataSync()[0] as number;
      scored.dispose();
      validationLoss.push(value);
      if (value < best - tol) {
        best = value;
        bestEpoch = epoch;
        bestLayers = snapshot();
        wait = 0;
      } else if (++wait >= patience) {
        stoppedEarly = epoch < epochs;
        onEpoch?.(epochs, epochs); // the epochs left are not needed
        break;
      }
    }
    const layers = bestLayers ?? snapshot();
    return {
      layers,
      history: {
        loss,
        validationLoss,
        epochs: loss.length,
        bestEpoch: bestLayers === undefined ? loss.length : bestEpoch,
        stoppedEarly,
      },
    };
  } finally {
    for (const item of disposables) item.dispose();
    for (const variable of kernels.concat(biases)) variable.dispose();
  }
}
