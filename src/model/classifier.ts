import type { PipelineProgress } from '../util/progress.js';
import type { ColumnTable } from '../table/column-table.js';
import type { Estimator } from './estimator.js';

/** Class probabilities for a set of rows. */
export interface ClassProbabilities {
  /** Class labels, the column order of `probabilities` (sorted, as learned at fit). */
  readonly classes: readonly string[];
  /** Row-major n × classes.length; each row sums to 1. */
  readonly probabilities: Float64Array;
}

/** Options of a supervised `fit`. */
export interface SupervisedFitOptions {
  /** Feature columns to learn from (default: every column but text ids, as each model documents). */
  readonly features?: readonly string[];
  /** Non-negative weight per row. */
  readonly sampleWeight?: ArrayLike<number>;
  /**
   * Told how far training is by classifiers that train in epochs (`MLPClassifier`: step
   * "epochs"); the others take it and report nothing.
   */
  readonly progress?: PipelineProgress;
}

/**
 * The contract of every supervised classifier (decision tree, MLP, …): hyperparameters in the
 * constructor, `fit(table, target)` learns from feature columns and one label per row,
 * `predict` / `predictProba` apply to new rows of the same columns. `fit` may be asynchronous
 * (the MLP trains on TensorFlow.js); callers await it either way.
 */
export interface SupervisedClassifier<Params> extends Estimator<Params> {
  fit(
    table: ColumnTable,
    target: readonly string[],
    options?: SupervisedFitOptions,
  ): this | Promise<this>;
  predict(table: ColumnTable): string[];
  predictProba(table: ColumnTable): ClassProbabilities;
  /** Class labels learned at fit, sorted. */
  readonly classes: readonly string[];
  /** Feature columns learned at fit, in order. */
  readonly featureNames: readonly string[];
}
