/**
 * What one MLP training run did, epoch by epoch: a plain type, apart from ./train.ts (which
 * uses TensorFlow.js's types) so that the public types never reference `@tensorflow/tfjs`.
 *
 * @module
 */

/** How training went. */
export type TrainingHistory = {
  /** Mean training loss (weighted cross-entropy plus the L2 penalty) of each epoch run. */
  readonly loss: readonly number[];
  /** Weighted cross-entropy on the validation rows after each epoch (empty without them). */
  readonly validationLoss: readonly number[];
  /** Epochs run. */
  readonly epochs: number;
  /** The epoch (1-based) whose weights were kept: the best validation loss, else the last. */
  readonly bestEpoch: number;
  /** True when early stopping ended training before `epochs`. */
  readonly stoppedEarly: boolean;
};
