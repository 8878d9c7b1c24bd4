/**
 * The confusion matrix of a classifier's predictions, equal to scikit-learn's
 * `confusion_matrix`.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { formatTextTable } from '../util/text-table.js';
import {
  checkLabelOption,
  checkLabels,
  checkNotEmpty,
  checkSampleWeight,
  encodeLabels,
  uniqueLabels,
  type Label,
} from './labels.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions<L extends Label> {
  /**
   * Labels to index the matrix by, in this order (e.g. a classifier's `classes`). Rows whose
   * true or predicted label is not listed are left out. Default: every label found in either
   * list, sorted.
   */
  readonly labels?: readonly L[];
  /** Non-negative weight per row: cells then hold summed weights instead of counts. */
  readonly sampleWeight?: ArrayLike<number>;
}

/** A confusion matrix: rows are true labels, columns predicted labels. */
export interface ConfusionMatrix<L extends Label = Label> {
  /** Row and column labels, in order. */
  readonly labels: readonly L[];
  /** `counts[i][j]`: rows of true label `labels[i]` predicted as `labels[j]`. */
  readonly counts: readonly (readonly number[])[];
  /** Sum of all cells (rows or weight counted). */
  readonly total: number;
}

/**
 * Counts how often each true label was predicted as each label, like scikit-learn's
 * `confusion_matrix(y_true, y_pred, labels=…, sample_weight=…)`: `counts[i][j]` is the number
 * (or summed weight) of rows with true label `labels[i]` and prediction `labels[j]`.
 *
 * INVALID_INPUT when the lists differ in length or mix text and numbers, or when none of the
 * given `labels` occurs in `yTrue`; NO_ROWS when empty.
 */
export function confusionMatrix<L extends Label>(
  yTrue: ArrayLike<L>,
  yPred: ArrayLike<L>,
  options: ConfusionMatrixOptions<L> = {},
): ConfusionMatrix<L> {
  const owner = 'confusionMatrix';
  checkLabels(owner, [yTrue, yPred]);
  const n = yTrue.length;
  checkNotEmpty(owner, n);
  checkSampleWeight(owner, options.sampleWeight, n);
  const labels = options.labels ?? uniqueLabels(yTrue, yPred);
  if (options.labels !== undefined) checkLabelOption(owner, options.labels, yTrue);
  const k = labels.length;
  if (k === 0) throw new CohortlabError('INVALID_OPTION', `${owner}: "labels" is empty`);
  const t = encodeLabels(yTrue, labels).codes;
  const p = encodeLabels(yPred, labels).codes;
  if (options.labels !== undefined && !t.some((code) => code >= 0)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: none of the given labels occurs in the true labels`,
    );
  }
  const cells = new Float64Array(k * k);
  const weight = options.sampleWeight;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = t[i] as number;
    const b = p[i] as number;
    if (a < 0 || b < 0) continue;
    const w = weight === undefined ? 1 : (weight[i] as number);
    cells[a * k + b]! += w;
    total += w;
  }
  const counts = Array.from({ length: k }, (_, i) => Array.from(cells.subarray(i * k, i * k + k)));
  return { labels, counts, total };
}

/**
 * Renders a confusion matrix as a plain-text table: one row per true label, one column per
 * predicted label, headed "true \ predicted".
 */
export function formatConfusionMatrix(matrix: ConfusionMatrix): string {
  const header = ['true \\ predicted', ...matrix.labels.map(String)];
  const rows = matrix.labels.map((label, i) => [String(label), ...(matrix.counts[i] ?? [])]);
  return formatTextTable(
    header,
    rows,
    2,
    header.map((_, j) => j > 0),
  );
}
