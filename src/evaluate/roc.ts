/**
 * The ROC curve and the area under it, equal to scikit-learn's `roc_curve` and
 * `roc_auc_score` (binary, and one-vs-rest for several classes).
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { ClassProbabilities } from '../model/classifier.js';
import { binaryInputs, type BinaryOptions, type BinaryTarget } from './binary.js';
import { checkSampleWeight, labelKind, type Label } from './labels.js';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions extends BinaryOptions {
  /**
   * Drop thresholds that lie on a straight segment of the curve (default true, like
   * scikit-learn); the area is the same either way.
   */
  readonly dropIntermediate?: boolean;
}

/** A ROC curve: false and true positive rates at decreasing thresholds. */
export interface RocCurve {
  /** False positive rate at each threshold, from 0 up to 1 (NaN when no row is negative). */
  readonly fpr: Float64Array;
  /** True positive rate at each threshold, from 0 up to 1 (NaN when no row is positive). */
  readonly tpr: Float64Array;
  /**
   * Decreasing score thresholds: a row counts as positive when its score is ≥ the threshold.
   * The first is the highest score + 1 (scikit-learn 1.2), so the curve starts at (0, 0).
   */
  readonly thresholds: Float64Array;
}

/**
 * The ROC curve of scores for a binary target, like scikit-learn 1.2's
 * `roc_curve(y_true, y_score, pos_label=…, sample_weight=…, drop_intermediate=…)`. Tied
 * scores form one threshold; rows of weight 0 are ignored.
 */
export function rocCurve(
  yTrue: BinaryTarget,
  yScore: ArrayLike<number>,
  options: RocCurveOptions = {},
): RocCurve {
  const { positive, scores, weight } = binaryInputs('rocCurve', yTrue, yScore, options, false);
  return curve(positive, scores, weight, options.dropIntermediate ?? true);
}

function curve(
  positive: Uint8Array,
  scores: ArrayLike<number>,
  weight: ArrayLike<number> | undefined,
  dropIntermediate: boolean,
): RocCurve {
  // Rows of weight 0 do not count; order by score descending, ties by descending row (numpy's
  // stable ascending argsort reversed), which fixes the order weights are summed in.
  const rows: number[] = [];
  for (let i = 0; i < scores.length; i++) if (weight === undefined || weight[i] !== 0) rows.push(i);
  rows.sort((a, b) => (scores[b] as number) - (scores[a] as number) || b - a);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  rows.forEach((row, k) => {
    const w = weight === undefined ? 1 : (weight[row] as number);
    if (positive[row] === 1) tp += w;
    else if (weight !== undefined) fp += w;
    const score = scores[row] as number;
    const next = rows[k + 1];
    if (next === undefined || (scores[next] as number) !== score) {
      tps.push(tp);
      // Unweighted, scikit-learn counts false positives as (rows so far) - tps.
      fps.push(weight === undefined ? 1 + k - tp : fp);
      thresholds.push(score);
    }
  });
  let keep = tps.map((_, i) => i);
  if (dropIntermediate && tps.length > 2) {
    keep = keep.filter((i) => {
      if (i === 0 || i === tps.length - 1) return true;
      const d2 = (v: number[]): number =>
        (v[i + 1] as number) - (v[i] as number) - ((v[i] as number) - (v[i - 1] as number));
      return d2(fps) !== 0 || d2(tps) !== 0;
    });
  }
  const m = keep.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const cut = new Float64Array(m);
  const fpLast = keep.length > 0 ? (fps[keep[keep.length - 1] as number] as number) : 0;
  const tpLast = keep.length > 0 ? (tps[keep[keep.length - 1] as number] as number) : 0;
  cut[0] = keep.length > 0 ? (thresholds[keep[0] as number] as number) + 1 : Infinity;
  fpr[0] = fpLast > 0 ? 0 : NaN;
  tpr[0] = tpLast > 0 ? 0 : NaN;
  keep.forEach((i, j) => {
    fpr[j + 1] = fpLast > 0 ? (fps[i] as number) / fpLast : NaN;
    tpr[j + 1] = tpLast > 0 ? (tps[i] as number) / tpLast : NaN;
    cut[j + 1] = thresholds[i] as number;
  });
  return { fpr, tpr, thresholds: cut };
}

/** Area under a curve by the trapezoidal rule (`x` non-decreasing), like `np.trapz`. */
function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) {
    area +=
      (((x[i] as number) - (x[i - 1] as number)) * ((y[i] as number) + (y[i - 1] as number))) / 2;
  }
  return area;
}

function binaryAuc(
  owner: string,
  positive: Uint8Array,
  scores: ArrayLike<number>,
  weight: ArrayLike<number> | undefined,
): number {
  let positives = 0;
  for (const p of positive) positives += p;
  if (positives === 0 || positives === positive.length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: only one class present in the true labels; ROC AUC is not defined then`,
    );
  }
  const roc = curve(positive, scores, weight, true);
  return trapezoid(roc.fpr, roc.tpr);
}

/** Options of {@link rocAuc}. */
export interface RocAucOptions extends BinaryOptions {
  /**
   * How to average the one-vs-rest areas when scores are class probabilities of more than two
   * classes: `macro` (default; every class counts the same) or `weighted` (by support).
   */
  readonly average?: 'macro' | 'weighted';
}

function isClassProbabilities(
  scores: ArrayLike<number> | ClassProbabilities,
): scores is ClassProbabilities {
  return (
    typeof scores === 'object' &&
    scores !== null &&
    'probabilities' in scores &&
    'classes' in scores &&
    !('length' in scores)
  );
}

/**
 * Area under the ROC curve: the probability that a random positive row scores above a
 * random negative one, ties counting half. Equal to scikit-learn's `roc_auc_score`.
 *
 * - Binary: `yScore` holds one score per row (e.g. the positive class's probability); the
 *   positive class follows {@link BinaryOptions.positiveLabel}.
 * - Several classes: `yScore` is a classifier's `predictProba` output; each class is scored
 *   one-vs-rest on its column and the areas are averaged (`average`, default macro), like
 *   `roc_auc_score(…, multi_class='ovr')`. Rows must sum to 1; every class must occur in
 *   `yTrue` and every label of `yTrue` be a class. With exactly two classes the second
 *   (greater) class's column is scored as binary, as scikit-learn does.
 *
 * INVALID_INPUT when a class has no positive or no negative row (the area is undefined).
 */
export function rocAuc(
  yTrue: BinaryTarget,
  yScore: ArrayLike<number> | ClassProbabilities,
  options: RocAucOptions = {},
): number {
  const owner = 'rocAuc';
  if (!isClassProbabilities(yScore)) {
    const { positive, scores, weight } = binaryInputs(owner, yTrue, yScore, options, false);
    return binaryAuc(owner, positive, scores, weight);
  }
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "average" must be macro or weighted, got ${String(average)}`,
    );
  }
  const { classes, probabilities } = yScore;
  const k = classes.length;
  const n = yTrue.length;
  if (probabilities.length !== n * k) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: ${probabilities.length} probabilities for ${n} rows × ${k} classes`,
    );
  }
  const labels = yTrue as ArrayLike<Label>;
  labelKind(owner, labels);
  checkSampleWeight(owner, options.sampleWeight, n);
  const column = new Map<Label, number>(classes.map((c, j) => [c, j]));
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = column.get(labels[i] as Label);
    if (j === undefined) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: label ${String(labels[i])} is not among the classes`,
        {
          row: i + 1,
        },
      );
    }
    code[i] = j;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += probabilities[i * k + c] as number;
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: class probabilities must sum to 1 in every row, found ${sum}`,
        { row: i + 1 },
      );
    }
  }
  const columnScores = (c: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = probabilities[i * k + c] as number;
    return out;
  };
  const weight = options.sampleWeight;
  if (k === 2) {
    return binaryAuc(
      owner,
      Uint8Array.from(code, (c) => (c === 1 ? 1 : 0)),
      columnScores(1),
      weight,
    );
  }
  let total = 0;
  let weightSum = 0;
  for (let c = 0; c < k; c++) {
    const positive = Uint8Array.from(code, (v) => (v === c ? 1 : 0));
    const area = binaryAuc(
      `${owner} (class ${String(classes[c])})`,
      positive,
      columnScores(c),
      weight,
    );
    let w = 1;
    if (average === 'weighted') {
      w = 0;
      for (let i = 0; i < n; i++)
        if (positive[i] === 1) w += weight === undefined ? 1 : (weight[i] as number);
    }
    total += area * w;
    weightSum += w;
  }
  return total / weightSum;
}
