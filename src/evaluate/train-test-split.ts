/**
 * A seeded train/test split of row indices, optionally stratified, with scikit-learn's
 * sizes and per-class counts (`train_test_split`).
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { encodeLabels, labelKind, type Label } from './labels.js';
import { shuffleInPlace, splitRandom } from './shuffle.js';
import type { Xoshiro128 } from '../cluster/kmeans/random.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /**
   * Size of the test set: a fraction in (0, 1) (rounded up, like scikit-learn) or a whole
   * number of rows ≥ 1. Default 0.25.
   */
  readonly testSize?: number;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
  /**
   * Keep each class's share in both sets (default true when labels are given). Needs at
   * least two rows of every class.
   */
  readonly stratify?: boolean;
  /**
   * Shuffle before splitting (default true). Without it the first rows train and the last
   * ones test; stratifying needs the shuffle.
   */
  readonly shuffle?: boolean;
}

/** Row indices of the two sides of a split, each ascending. */
export interface TrainTestIndices {
  /** Rows to fit on. */
  readonly train: Int32Array;
  /** Rows to evaluate on. */
  readonly test: Int32Array;
}

/** Number of test rows for `n` rows (scikit-learn's `_validate_shuffle_split`). */
function testCount(owner: string, testSize: number, n: number): number {
  let count: number;
  if (typeof testSize === 'number' && testSize > 0 && testSize < 1) count = Math.ceil(testSize * n);
  else if (Number.isInteger(testSize) && testSize >= 1) count = testSize;
  else {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "testSize" must be a fraction in (0, 1) or a whole number ≥ 1, got ${String(testSize)}`,
    );
  }
  if (count >= n) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: a test set of ${count} rows leaves no training rows out of ${n}`,
    );
  }
  return count;
}

/**
 * scikit-learn's `_approximate_mode`: per-class counts summing to `draws`, proportional to
 * `counts` with the largest remainders rounded up; equal remainders are broken at random.
 */
function approximateMode(counts: Float64Array, draws: number, random: Xoshiro128): Float64Array {
  let total = 0;
  for (const c of counts) total += c;
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let need = draws;
  for (const f of floored) need -= f;
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - (floored[i] as number));
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const tied: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) tied.push(i);
      });
      const take = Math.min(tied.length, need);
      const chosen = take < tied.length ? shuffleInPlace(Int32Array.from(tied), random) : tied;
      for (let t = 0; t < take; t++) floored[chosen[t] as number]!++;
      need -= take;
      if (need === 0) break;
    }
  }
  return floored;
}

/**
 * Splits rows into a training and a test set. Pass the number of rows, or one label per row
 * to stratify: then each class is split in the same proportion, with scikit-learn's
 * per-class counts (`train_test_split(…, stratify=y)`: the test set holds
 * ceil(testSize · n) rows, shared among classes by largest remainder). Which rows go where is
 * seeded but not numpy's draw. Returns ascending row indices, ready for `takeRows`.
 */
export function trainTestSplit(
  rows: number | ArrayLike<Label>,
  options: TrainTestSplitOptions = {},
): TrainTestIndices {
  const owner = 'trainTestSplit';
  const labels = typeof rows === 'number' ? undefined : rows;
  if (labels !== undefined) labelKind(owner, labels);
  const n = labels === undefined ? rows : labels.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2) {
    throw new CohortlabError('INVALID_INPUT', `${owner}: needs at least 2 rows, got ${String(n)}`);
  }
  const nTest = testCount(owner, options.testSize ?? 0.25, n);
  const nTrain = n - nTest;
  const shuffle = options.shuffle ?? true;
  const stratify = options.stratify ?? labels !== undefined;
  if (stratify && labels === undefined) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: stratifying needs one label per row, not a row count`,
    );
  }
  const random = splitRandom(owner, options.seed);
  const sorted = (values: ArrayLike<number>): Int32Array => Int32Array.from(values).sort();

  if (!stratify || labels === undefined) {
    if (!shuffle) {
      return {
        train: Int32Array.from({ length: nTrain }, (_, i) => i),
        test: Int32Array.from({ length: nTest }, (_, i) => nTrain + i),
      };
    }
    const order = shuffleInPlace(
      Int32Array.from({ length: n }, (_, i) => i),
      random,
    );
    return { test: sorted(order.subarray(0, nTest)), train: sorted(order.subarray(nTest)) };
  }
  if (!shuffle) {
    throw new CohortlabError('INVALID_OPTION', `${owner}: a stratified split needs shuffle: true`);
  }
  const { classes, codes } = encodeLabels(labels);
  const k = classes.length;
  const members: number[][] = Array.from({ length: k }, () => []);
  codes.forEach((c, i) => (members[c] as number[]).push(i));
  const counts = Float64Array.from(members, (m) => m.length);
  const rarest = Math.min(...counts);
  if (rarest < 2) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the least populated class has only ${rarest} row; stratifying needs at least 2 per class`,
    );
  }
  if (nTrain < k || nTest < k) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: ${nTrain} training and ${nTest} test rows cannot both hold all ${k} classes`,
    );
  }
  const trainCounts = approximateMode(counts, nTrain, random);
  const testCounts = approximateMode(
    counts.map((c, i) => c - (trainCounts[i] as number)),
    nTest,
    random,
  );
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((rowsOfClass, c) => {
    const order = shuffleInPlace(Int32Array.from(rowsOfClass), random);
    const a = trainCounts[c] as number;
    const b = a + (testCounts[c] as number);
    for (let i = 0; i < a; i++) train.push(order[i] as number);
    for (let i = a; i < b; i++) test.push(order[i] as number);
  });
  return { train: sorted(train), test: sorted(test) };
}
