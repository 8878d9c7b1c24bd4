/**
 * Scores of predicted probabilities: the Brier score and the log loss, equal to
 * scikit-learn 1.2's `brier_score_loss` and `log_loss`.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { ClassProbabilities } from '../model/classifier.js';
import { binaryInputs, type BinaryOptions, type BinaryTarget } from './binary.js';
import { checkNotEmpty, checkSampleWeight, labelKind, type Label } from './labels.js';

/** float64 machine epsilon, scikit-learn 1.2's default clipping of `log_loss`. */
export const FLOAT64_EPSILON = 2.220446049250313e-16;

/**
 * Mean squared difference between the predicted probability of the positive class and the
 * outcome (1 positive, 0 not), weighted by `sampleWeight`: 0 is perfect, 0.25 what a
 * constant 0.5 scores. Like scikit-learn's `brier_score_loss`. INVALID_INPUT for
 * probabilities outside [0, 1].
 */
export function brierScore(
  yTrue: BinaryTarget,
  yProb: ArrayLike<number>,
  options: BinaryOptions = {},
): number {
  const { positive, scores, weight } = binaryInputs('brierScore', yTrue, yProb, options, true);
  let sum = 0;
  let weightSum = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weight === undefined ? 1 : (weight[i] as number);
    const d = (positive[i] as number) - (scores[i] as number);
    sum += d * d * w;
    weightSum += w;
  }
  if (weightSum === 0) {
    throw new CohortlabError('INVALID_INPUT', 'brierScore: the sample weights sum to 0');
  }
  return sum / weightSum;
}

/** Options of {@link logLoss}. */
export interface LogLossOptions extends BinaryOptions {
  /**
   * Probabilities are clipped to [eps, 1 - eps] before taking logs, so a confident wrong
   * prediction costs about 36 instead of infinity (default: float64 epsilon, as
   * scikit-learn 1.2's `eps="auto"`).
   */
  readonly eps?: number;
  /** Mean loss per row (default true) or the (weighted) sum. */
  readonly normalize?: boolean;
}

/**
 * Cross-entropy of predicted probabilities: the mean of −log(probability given to the true
 * class), like scikit-learn 1.2's `log_loss`. Probabilities are clipped to [eps, 1 − eps]
 * and each row renormalised to sum 1, as scikit-learn does.
 *
 * - Binary: `yProb` holds the probability of the positive class per row (the positive class
 *   follows {@link BinaryOptions.positiveLabel}). Unlike scikit-learn, `yTrue` may hold a
 *   single class (that is scikit-learn with `labels=[negative, positive]`).
 * - Several classes: `yProb` is a classifier's `predictProba` output; every label of `yTrue`
 *   must be one of its classes (at least two).
 */
export function logLoss(
  yTrue: BinaryTarget,
  yProb: ArrayLike<number> | ClassProbabilities,
  options: LogLossOptions = {},
): number {
  const owner = 'logLoss';
  const eps = options.eps ?? FLOAT64_EPSILON;
  if (!(typeof eps === 'number' && eps >= 0 && eps < 0.5)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "eps" must lie in [0, 0.5), got ${String(eps)}`,
    );
  }
  const clip = (p: number): number => Math.min(Math.max(p, eps), 1 - eps);
  const losses: number[] = [];
  let weight: ArrayLike<number> | undefined;
  if (!('probabilities' in yProb && 'classes' in yProb && !('length' in yProb))) {
    const input = binaryInputs(owner, yTrue, yProb as ArrayLike<number>, options, false);
    weight = input.weight;
    for (let i = 0; i < input.scores.length; i++) {
      const p = clip(input.scores[i] as number);
      const q = 1 - p;
      const sum = q + p;
      losses.push(-Math.log((input.positive[i] === 1 ? p : q) / sum));
    }
  } else {
    const { classes, probabilities } = yProb as ClassProbabilities;
    const k = classes.length;
    const n = yTrue.length;
    checkNotEmpty(owner, n);
    if (k < 2) throw new CohortlabError('INVALID_INPUT', `${owner}: needs at least two classes`);
    if (probabilities.length !== n * k) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: ${probabilities.length} probabilities for ${n} rows × ${k} classes`,
      );
    }
    const labels = yTrue as ArrayLike<Label>;
    labelKind(owner, labels);
    checkSampleWeight(owner, options.sampleWeight, n);
    weight = options.sampleWeight;
    const column = new Map<Label, number>(classes.map((c, j) => [c, j]));
    for (let i = 0; i < n; i++) {
      const j = column.get(labels[i] as Label);
      if (j === undefined) {
        throw new CohortlabError(
          'INVALID_INPUT',
          `${owner}: label ${String(labels[i])} is not among the classes`,
          { row: i + 1 },
        );
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const v = probabilities[i * k + c] as number;
        if (!Number.isFinite(v)) {
          throw new CohortlabError('INVALID_INPUT', `${owner}: probabilities must be finite`, {
            row: i + 1,
          });
        }
        sum += clip(v);
      }
      losses.push(-Math.log(clip(probabilities[i * k + j] as number) / sum));
    }
  }
  let total = 0;
  let weightSum = 0;
  losses.forEach((loss, i) => {
    const w = weight === undefined ? 1 : (weight[i] as number);
    total += loss * w;
    weightSum += w;
  });
  if (options.normalize === false) return total;
  if (weightSum === 0)
    throw new CohortlabError('INVALID_INPUT', `${owner}: the sample weights sum to 0`);
  return total / weightSum;
}
