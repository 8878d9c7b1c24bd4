/**
 * Binary targets for the probability metrics (ROC, Brier, log loss, calibration): which rows
 * are positive, decided the way scikit-learn decides `pos_label`.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { checkNotEmpty, checkSampleWeight, labelKind, uniqueLabels, type Label } from './labels.js';

/** True labels of a binary problem: booleans, numbers (e.g. 0/1) or text. */
export type BinaryTarget = ArrayLike<boolean> | ArrayLike<Label>;

/** Options shared by the binary probability metrics. */
export interface BinaryOptions {
  /**
   * The label of the positive class. Default: `true` for booleans; 1 for numeric labels
   * within {0, 1} or {-1, 1}; the greater of exactly two other numbers. Text labels need it.
   * With more than two distinct labels it makes the problem one-vs-rest.
   */
  readonly positiveLabel?: Label | boolean;
  /** Non-negative weight per row (default: every row weighs 1). */
  readonly sampleWeight?: ArrayLike<number>;
}

/**
 * 1 for the positive rows of `yTrue`, 0 for the others. INVALID_INPUT for labels that are not
 * booleans, text or finite numbers, for a length other than `length`, or for more than two
 * classes without `positiveLabel`; INVALID_OPTION for text labels without `positiveLabel`.
 */
export function binarize(
  owner: string,
  yTrue: BinaryTarget,
  positiveLabel: Label | boolean | undefined,
  length: number,
): Uint8Array {
  if (typeof yTrue !== 'object' || yTrue === null || typeof yTrue.length !== 'number') {
    throw new CohortlabError('INVALID_INPUT', `${owner}: true labels must be an array`);
  }
  if (yTrue.length !== length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: ${yTrue.length} true labels for ${length} predictions`,
    );
  }
  checkNotEmpty(owner, length);
  const n = yTrue.length;
  const out = new Uint8Array(n);
  if (typeof yTrue[0] === 'boolean') {
    const positive = positiveLabel ?? true;
    for (let i = 0; i < n; i++) {
      const value = yTrue[i];
      if (typeof value !== 'boolean') {
        throw new CohortlabError(
          'INVALID_INPUT',
          `${owner}: labels mix booleans and other values`,
          {
            row: i + 1,
          },
        );
      }
      out[i] = value === positive ? 1 : 0;
    }
    return out;
  }
  const labels = yTrue as ArrayLike<Label>;
  const kind = labelKind(owner, labels);
  let positive: Label | boolean | undefined = positiveLabel;
  if (positive === undefined) {
    if (kind === 'string') {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${owner}: text labels need the option "positiveLabel" (the class whose probability is scored)`,
      );
    }
    const classes = uniqueLabels(labels) as number[];
    if (classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1)) {
      positive = 1;
    } else if (classes.length === 2) {
      positive = classes[1] as number;
    } else {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: ${classes.length} classes in the true labels; give "positiveLabel" for one-vs-rest`,
      );
    }
  }
  for (let i = 0; i < n; i++) out[i] = labels[i] === positive ? 1 : 0;
  return out;
}

/**
 * Checks scores: one finite number per row, within [0, 1] when `probabilities` is set.
 * INVALID_INPUT naming `owner` otherwise.
 */
export function checkScores(
  owner: string,
  scores: ArrayLike<number>,
  probabilities: boolean,
): void {
  if (typeof scores !== 'object' || scores === null || typeof scores.length !== 'number') {
    throw new CohortlabError('INVALID_INPUT', `${owner}: scores must be an array of numbers`);
  }
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: scores must be finite numbers, found ${String(v)}`,
        {
          row: i + 1,
        },
      );
    }
    if (probabilities && (v < 0 || v > 1)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: probabilities must lie in [0, 1], found ${v}`,
        {
          row: i + 1,
        },
      );
    }
  }
}

/** The checked inputs of a binary metric. */
export interface BinaryInputs {
  /** 1 for positive rows. */
  readonly positive: Uint8Array;
  /** Scores or probabilities, as given. */
  readonly scores: ArrayLike<number>;
  /** Weights, or undefined for all ones. */
  readonly weight: ArrayLike<number> | undefined;
}

/** Validates the arguments shared by the binary metrics. */
export function binaryInputs(
  owner: string,
  yTrue: BinaryTarget,
  scores: ArrayLike<number>,
  options: BinaryOptions,
  probabilities: boolean,
): BinaryInputs {
  checkScores(owner, scores, probabilities);
  const positive = binarize(owner, yTrue, options.positiveLabel, scores.length);
  checkSampleWeight(owner, options.sampleWeight, scores.length);
  return { positive, scores, weight: options.sampleWeight };
}
