/**
 * Scores of predicted class labels against the true ones: accuracy, balanced accuracy and
 * per-class precision, recall and F1 with their macro, weighted and micro averages, equal to
 * scikit-learn's with `zero_division=0`.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  checkLabelOption,
  checkLabels,
  checkNotEmpty,
  checkSampleWeight,
  encodeLabels,
  uniqueLabels,
  type Label,
} from './labels.js';
import { confusionMatrix } from './confusion-matrix.js';

/** Options shared by the label metrics. */
export interface LabelMetricOptions {
  /** Non-negative weight per row (default: every row weighs 1). */
  readonly sampleWeight?: ArrayLike<number>;
}

/**
 * Share of rows whose prediction equals the true label (weighted by `sampleWeight`), like
 * scikit-learn's `accuracy_score`. INVALID_INPUT for lists of different lengths or mixed
 * kinds, NO_ROWS when empty.
 */
export function accuracy<L extends Label>(
  yTrue: ArrayLike<L>,
  yPred: ArrayLike<L>,
  options: LabelMetricOptions = {},
): number {
  const owner = 'accuracy';
  checkLabels(owner, [yTrue, yPred]);
  checkNotEmpty(owner, yTrue.length);
  checkSampleWeight(owner, options.sampleWeight, yTrue.length);
  const weight = options.sampleWeight;
  let hit = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weight === undefined ? 1 : (weight[i] as number);
    if (yTrue[i] === yPred[i]) hit += w;
    total += w;
  }
  return hit / total;
}

/** Options of {@link balancedAccuracy}. */
export interface BalancedAccuracyOptions extends LabelMetricOptions {
  /** Rescale so that chance scores 0 and perfect 1 (scikit-learn's `adjusted`; default false). */
  readonly adjusted?: boolean;
}

/**
 * Mean recall over the classes present in `yTrue`, like scikit-learn's
 * `balanced_accuracy_score`: every class counts the same however rare. Predicted labels that
 * never occur in `yTrue` lower the recall of the classes they were predicted for but add no
 * class of their own.
 */
export function balancedAccuracy<L extends Label>(
  yTrue: ArrayLike<L>,
  yPred: ArrayLike<L>,
  options: BalancedAccuracyOptions = {},
): number {
  const matrix = confusionMatrix(yTrue, yPred, { sampleWeight: options.sampleWeight });
  const recalls: number[] = [];
  matrix.counts.forEach((row, i) => {
    let rowSum = 0;
    for (const count of row) rowSum += count;
    if (rowSum > 0) recalls.push((row[i] as number) / rowSum);
  });
  let score = recalls.reduce((s, r) => s + r, 0) / recalls.length;
  if (options.adjusted === true) {
    const chance = 1 / recalls.length;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/** Precision, recall and F1 of one class. */
export interface ClassScores<L extends Label = Label> {
  /** The class. */
  readonly label: L;
  /** Of the rows predicted as this class, the share that truly are (0 when none predicted). */
  readonly precision: number;
  /** Of the rows truly of this class, the share predicted as it (0 when none true). */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** Rows (or summed weight) truly of this class. */
  readonly support: number;
}

/** Precision, recall and F1 averaged over classes. */
export interface AveragedScores {
  /** Averaged precision. */
  readonly precision: number;
  /** Averaged recall. */
  readonly recall: number;
  /** Averaged F1 (for `micro`: F1 of the pooled counts). */
  readonly f1: number;
  /** Total support of the classes averaged over. */
  readonly support: number;
}

/** Result of {@link precisionRecallF1}. */
export interface PrecisionRecallF1<L extends Label = Label> {
  /** One entry per label, in label order. */
  readonly classes: readonly ClassScores<L>[];
  /** Unweighted mean over the labels. */
  readonly macro: AveragedScores;
  /** Mean over the labels weighted by support (all 0 when the total support is 0). */
  readonly weighted: AveragedScores;
  /**
   * Scores of the counts pooled over the labels; with every label included all three equal
   * the accuracy.
   */
  readonly micro: AveragedScores;
}

/** Options of {@link precisionRecallF1} and {@link f1Score}. */
export interface PrecisionRecallOptions<L extends Label> extends LabelMetricOptions {
  /**
   * Labels to score and average over, in this order. Rows of other labels still count as
   * false positives or negatives of the listed ones. Default: every label in either list,
   * sorted.
   */
  readonly labels?: readonly L[];
}

function divide(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function fScore(precision: number, recall: number): number {
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}

/**
 * Per-class precision, recall, F1 and support with macro, weighted and micro averages, like
 * scikit-learn's `precision_recall_fscore_support(…, zero_division=0)`: a ratio whose
 * denominator is 0 counts as 0, and F1 is computed from the (possibly zeroed) precision and
 * recall.
 */
export function precisionRecallF1<L extends Label>(
  yTrue: ArrayLike<L>,
  yPred: ArrayLike<L>,
  options: PrecisionRecallOptions<L> = {},
): PrecisionRecallF1<L> {
  const owner = 'precisionRecallF1';
  checkLabels(owner, [yTrue, yPred]);
  const n = yTrue.length;
  checkNotEmpty(owner, n);
  checkSampleWeight(owner, options.sampleWeight, n);
  if (options.labels !== undefined) checkLabelOption(owner, options.labels, yTrue);
  const labels = options.labels ?? uniqueLabels(yTrue, yPred);
  const k = labels.length;
  const t = encodeLabels(yTrue, labels).codes;
  const p = encodeLabels(yPred, labels).codes;
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);
  const weight = options.sampleWeight;
  for (let i = 0; i < n; i++) {
    const w = weight === undefined ? 1 : (weight[i] as number);
    const a = t[i] as number;
    const b = p[i] as number;
    if (a >= 0) trueSum[a]! += w;
    if (b >= 0) predSum[b]! += w;
    if (a >= 0 && a === b) tp[a]! += w;
  }
  const classes = labels.map((label, c) => {
    const precision = divide(tp[c] as number, predSum[c] as number);
    const recall = divide(tp[c] as number, trueSum[c] as number);
    return {
      label,
      precision,
      recall,
      f1: fScore(precision, recall),
      support: trueSum[c] as number,
    };
  });
  let support = 0;
  for (const s of trueSum) support += s;
  const average = (weights: ArrayLike<number> | null): AveragedScores => {
    let wSum = 0;
    const sums = { precision: 0, recall: 0, f1: 0 };
    classes.forEach((row, c) => {
      const w = weights === null ? 1 : (weights[c] as number);
      sums.precision += row.precision * w;
      sums.recall += row.recall * w;
      sums.f1 += row.f1 * w;
      wSum += w;
    });
    if (wSum === 0) return { precision: 0, recall: 0, f1: 0, support };
    return {
      precision: sums.precision / wSum,
      recall: sums.recall / wSum,
      f1: sums.f1 / wSum,
      support,
    };
  };
  let tpAll = 0;
  let predAll = 0;
  for (let c = 0; c < k; c++) {
    tpAll += tp[c] as number;
    predAll += predSum[c] as number;
  }
  const microPrecision = divide(tpAll, predAll);
  const microRecall = divide(tpAll, support);
  return {
    classes,
    macro: average(null),
    weighted: average(trueSum),
    micro: {
      precision: microPrecision,
      recall: microRecall,
      f1: fScore(microPrecision, microRecall),
      support,
    },
  };
}

/** Options of {@link f1Score}. */
export interface F1ScoreOptions<L extends Label> extends PrecisionRecallOptions<L> {
  /** How to average the per-class F1 (default `macro`). */
  readonly average?: 'macro' | 'weighted' | 'micro';
}

/**
 * The averaged F1 score: `macro` (default; every class counts the same), `weighted` (by
 * support) or `micro` (pooled counts). Like scikit-learn's `f1_score(…, average=…,
 * zero_division=0)`.
 */
export function f1Score<L extends Label>(
  yTrue: ArrayLike<L>,
  yPred: ArrayLike<L>,
  options: F1ScoreOptions<L> = {},
): number {
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted' && average !== 'micro') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `f1Score: option "average" must be macro, weighted or micro, got ${String(average)}`,
    );
  }
  return precisionRecallF1(yTrue, yPred, options)[average].f1;
}
