/**
 * The classification report: per-class precision, recall, F1 and support with their
 * averages, as rows and as text laid out exactly like scikit-learn's
 * `classification_report`.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  precisionRecallF1,
  type AveragedScores,
  type PrecisionRecallOptions,
} from './classification-metrics.js';
import { formatFixed } from './format-fixed.js';
import { uniqueLabels, type Label } from './labels.js';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions<L extends Label> extends PrecisionRecallOptions<L> {
  /** Display names of the labels, in label order (default: the labels as text). */
  readonly targetNames?: readonly string[];
  /** Decimals in the text (default 2, like scikit-learn). */
  readonly digits?: number;
}

/** One line of a classification report. */
export interface ReportRow {
  /** Class name, or `accuracy`, `micro avg`, `macro avg`, `weighted avg`. */
  readonly name: string;
  /** Precision (NaN on the accuracy line). */
  readonly precision: number;
  /** Recall (NaN on the accuracy line). */
  readonly recall: number;
  /** F1, or the accuracy on the accuracy line. */
  readonly f1: number;
  /** Rows (or weight) of the class; the total on the summary lines. */
  readonly support: number;
}

/** Result of {@link classificationReport}. */
export interface ClassificationReport {
  /** One row per class, in label order. */
  readonly classes: readonly ReportRow[];
  /**
   * The summary lines: `accuracy` (when every label found is reported; otherwise
   * `micro avg`), `macro avg`, `weighted avg`.
   */
  readonly averages: readonly ReportRow[];
  /** Accuracy over all rows, when it is one of the summary lines; else undefined. */
  readonly accuracy: number | undefined;
  /** The report as scikit-learn prints it (trailing newline included). */
  readonly text: string;
}

/**
 * Builds the report of `yTrue` against `yPred`: per-class precision, recall, F1 and support
 * (zero_division=0), then accuracy, macro and weighted averages. The text equals
 * scikit-learn's `classification_report(y_true, y_pred, labels=…, target_names=…, digits=…)`
 * character for character (ties rounded to even like Python).
 */
export function classificationReport<L extends Label>(
  yTrue: ArrayLike<L>,
  yPred: ArrayLike<L>,
  options: ClassificationReportOptions<L> = {},
): ClassificationReport {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `classificationReport: option "digits" must be an integer from 0 to 20, got ${String(digits)}`,
    );
  }
  const scores = precisionRecallF1(yTrue, yPred, options);
  const labels = scores.classes.map((row) => row.label);
  const names = options.targetNames ?? labels.map(String);
  if (names.length !== labels.length) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `classificationReport: ${names.length} target names for ${labels.length} labels`,
    );
  }
  const all = uniqueLabels(yTrue, yPred);
  const microIsAccuracy =
    options.labels === undefined ||
    (new Set(labels).size === all.length && all.every((label) => labels.includes(label)));

  const classes: ReportRow[] = scores.classes.map((row, c) => ({
    name: names[c] as string,
    precision: row.precision,
    recall: row.recall,
    f1: row.f1,
    support: row.support,
  }));
  const line = (name: string, avg: AveragedScores): ReportRow => ({ name, ...avg });
  const averages: ReportRow[] = [
    microIsAccuracy
      ? {
          name: 'accuracy',
          precision: NaN,
          recall: NaN,
          f1: scores.micro.f1,
          support: scores.micro.support,
        }
      : line('micro avg', scores.micro),
    line('macro avg', scores.macro),
    line('weighted avg', scores.weighted),
  ];

  // scikit-learn's layout: names right-aligned to `width`, then columns of width 9, each
  // preceded by a space (and one more space after the name).
  const width = Math.max(...names.map((name) => name.length), 'weighted avg'.length, digits);
  const weighted = options.sampleWeight !== undefined;
  const cells = (values: readonly string[]): string =>
    values.map((v) => ' ' + v.padStart(9)).join('');
  const format = (row: ReportRow): string => {
    const scoresText =
      row.name === 'accuracy'
        ? ['', '', formatFixed(row.f1, digits)]
        : [row.precision, row.recall, row.f1].map((v) => formatFixed(v, digits));
    return `${row.name.padStart(width)} ${cells([...scoresText, formatSupport(row.support, weighted)])}\n`;
  };
  const header = `${''.padStart(width)} ${cells(['precision', 'recall', 'f1-score', 'support'])}`;
  const text = `${header}\n\n${classes.map(format).join('')}\n${averages.map(format).join('')}`;
  return {
    classes,
    averages,
    accuracy: microIsAccuracy ? scores.micro.f1 : undefined,
    text,
  };
}

/**
 * Support as Python prints it: a count plainly; a summed weight (a float in scikit-learn)
 * always with a decimal point, e.g. `3.0`.
 */
function formatSupport(value: number, weighted: boolean): string {
  if (!weighted) return String(value);
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? `${value}.0` : String(value);
}
