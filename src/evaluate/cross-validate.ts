/**
 * Stratified k-fold cross-validation of any supervised classifier: per-fold scores, their
 * mean and standard deviation, the pooled confusion matrix and the out-of-fold predictions.
 *
 * @module
 */
import { stepProgress, type PipelineProgress } from '../util/progress.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { ClassProbabilities, SupervisedClassifier } from '../model/classifier.js';
import { rowCount, takeRows, type ColumnTable } from '../table/column-table.js';
import { formatTextTable } from '../util/text-table.js';
import { accuracy, balancedAccuracy, precisionRecallF1 } from './classification-metrics.js';
import { confusionMatrix, type ConfusionMatrix } from './confusion-matrix.js';
import { checkSampleWeight, labelKind, uniqueLabels } from './labels.js';
import {
  DEFAULT_FOLDS,
  foldsFromAssignment,
  stratifiedFoldAssignment,
} from './stratified-k-fold.js';

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Number of stratified folds, at least 2 (default 5). */
  readonly folds?: number;
  /**
   * Shuffle rows within each class before dealing them to folds. Default: true when `seed`
   * is given, else false (scikit-learn's unshuffled `StratifiedKFold` folds, row for row).
   */
  readonly shuffle?: boolean;
  /** Seed of the fold shuffle (default 0). The classifier's own seed is the factory's. */
  readonly seed?: number;
  /** Feature columns passed to every `fit` (default: the classifier's own default). */
  readonly features?: readonly string[];
  /** Weight per row, passed to `fit` for the training rows; the scores stay unweighted. */
  readonly sampleWeight?: ArrayLike<number>;
  /** Also collect out-of-fold `predictProba` output (default false). */
  readonly probabilities?: boolean;
  /** Told after each fold: step "cross-val", folds done of all. */
  readonly progress?: PipelineProgress;
}

/** Scores of one fold. */
export interface FoldScores {
  /** Fold number, 0-based. */
  readonly fold: number;
  /** Rows fitted on. */
  readonly trainRows: number;
  /** Rows scored. */
  readonly testRows: number;
  /** Accuracy on the fold's test rows. */
  readonly accuracy: number;
  /** Balanced accuracy (mean recall over the classes present). */
  readonly balancedAccuracy: number;
  /** Macro-averaged F1. */
  readonly macroF1: number;
  /** Support-weighted F1. */
  readonly weightedF1: number;
}

/** Mean and population standard deviation (ddof 0, numpy's default) over folds. */
export interface MeanStd {
  /** Mean over folds. */
  readonly mean: number;
  /** Population standard deviation over folds. */
  readonly std: number;
}

/** The scores that {@link crossValidate} summarises. */
export type FoldMetric = 'accuracy' | 'balancedAccuracy' | 'macroF1' | 'weightedF1';

/** Result of {@link crossValidate}. */
export interface CrossValidationResult {
  /** Scores of each fold, in fold order. */
  readonly folds: readonly FoldScores[];
  /** Mean ± std of each score over the folds. */
  readonly summary: Readonly<Record<FoldMetric, MeanStd>>;
  /** Every class of the target, sorted. */
  readonly classes: readonly string[];
  /** The test fold of each row. */
  readonly foldOf: Int32Array;
  /** Out-of-fold prediction of each row (from the model that did not see it). */
  readonly predictions: readonly string[];
  /** Confusion matrix of all out-of-fold predictions against the target. */
  readonly confusion: ConfusionMatrix<string>;
  /**
   * Out-of-fold class probabilities (columns: `classes`; a class missing from a fold's
   * training rows gets 0 there), when `probabilities` was set.
   */
  readonly probabilities: ClassProbabilities | undefined;
  /** Per-fold scores and their mean ± std as aligned text. */
  readonly text: string;
}

function meanStd(values: readonly number[]): MeanStd {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Cross-validates a classifier: the rows are split into stratified folds (see
 * `stratifiedKFold`); for each fold a fresh classifier from `factory` is fitted on the other
 * folds and predicts the fold's rows. Returns per-fold accuracy, balanced accuracy, macro and
 * weighted F1 with their mean ± std, the pooled confusion matrix and the out-of-fold
 * predictions. Folds run one after another; the result depends only on the data, the
 * options and the classifier.
 *
 * INVALID_INPUT when `target` does not have one label per row of `table`.
 */
export async function crossValidate<P>(
  factory: () => SupervisedClassifier<P>,
  table: ColumnTable,
  target: readonly string[],
  options: CrossValidateOptions = {},
): Promise<CrossValidationResult> {
  const owner = 'crossValidate';
  const n = rowCount(table);
  if (target.length !== n) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: ${target.length} target labels for ${n} rows`,
    );
  }
  if (labelKind(owner, target) === 'number') {
    throw new CohortlabError('INVALID_INPUT', `${owner}: target labels must be text`);
  }
  checkSampleWeight(owner, options.sampleWeight, n);
  const folds = options.folds ?? DEFAULT_FOLDS;
  const foldOf = stratifiedFoldAssignment(target, {
    folds,
    shuffle: options.shuffle ?? options.seed !== undefined,
    seed: options.seed,
  });
  const classes = uniqueLabels(target);
  const column = new Map(classes.map((c, j) => [c, j]));
  const k = classes.length;
  const predictions: string[] = new Array<string>(n);
  const probabilities = options.probabilities === true ? new Float64Array(n * k) : undefined;
  const scores: FoldScores[] = [];
  const pick = <T>(values: ArrayLike<T>, rows: Int32Array): T[] =>
    Array.from(rows, (i) => values[i] as T);

  const splits = foldsFromAssignment(foldOf, folds);
  const report = stepProgress(options.progress, 'cross-val', 'folds');
  for (const [fold, { train, test }] of splits.entries()) {
    const model = factory();
    const weight = options.sampleWeight;
    await model.fit(takeRows(table, train), pick(target, train), {
      features: options.features,
      sampleWeight: weight === undefined ? undefined : Float64Array.from(pick(weight, train)),
    });
    const testTable = takeRows(table, test);
    const predicted = model.predict(testTable);
    if (predicted.length !== test.length) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: the classifier returned ${predicted.length} predictions for ${test.length} rows`,
      );
    }
    test.forEach((row, j) => (predictions[row] = predicted[j] as string));
    if (probabilities !== undefined) {
      const proba = model.predictProba(testTable);
      const m = proba.classes.length;
      const target = proba.classes.map((c) => column.get(c));
      test.forEach((row, j) => {
        for (let c = 0; c < m; c++) {
          const to = target[c];
          if (to !== undefined)
            probabilities[row * k + to] = proba.probabilities[j * m + c] as number;
        }
      });
    }
    const truth = pick(target, test);
    const prf = precisionRecallF1(truth, predicted);
    scores.push({
      fold,
      trainRows: train.length,
      testRows: test.length,
      accuracy: accuracy(truth, predicted),
      balancedAccuracy: balancedAccuracy(truth, predicted),
      macroF1: prf.macro.f1,
      weightedF1: prf.weighted.f1,
    });
    report?.(fold + 1, splits.length);
  }
  const metrics: FoldMetric[] = ['accuracy', 'balancedAccuracy', 'macroF1', 'weightedF1'];
  const summary = Object.fromEntries(
    metrics.map((metric) => [metric, meanStd(scores.map((s) => s[metric]))]),
  ) as Record<FoldMetric, MeanStd>;
  return {
    folds: scores,
    summary,
    classes,
    foldOf,
    predictions,
    confusion: confusionMatrix(target, predictions),
    probabilities: probabilities === undefined ? undefined : { classes, probabilities },
    text: formatCrossValidation(scores, summary),
  };
}

function formatCrossValidation(
  folds: readonly FoldScores[],
  summary: Readonly<Record<FoldMetric, MeanStd>>,
): string {
  const header = [
    'fold',
    'train rows',
    'test rows',
    'accuracy',
    'balanced acc.',
    'macro F1',
    'weighted F1',
  ];
  const f = (v: number): string => v.toFixed(4);
  const rows = folds.map((s) => [
    String(s.fold + 1),
    String(s.trainRows),
    String(s.testRows),
    f(s.accuracy),
    f(s.balancedAccuracy),
    f(s.macroF1),
    f(s.weightedF1),
  ]);
  const pm = (m: MeanStd): string => `${f(m.mean)} ± ${f(m.std)}`;
  rows.push([
    'mean ± std',
    '',
    '',
    pm(summary.accuracy),
    pm(summary.balancedAccuracy),
    pm(summary.macroF1),
    pm(summary.weightedF1),
  ]);
  return formatTextTable(
    header,
    rows,
    4,
    header.map((_, j) => j > 0),
  );
}
