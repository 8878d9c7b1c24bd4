/**
 * Stratified k-fold splits of row indices, assigning rows to folds exactly as
 * scikit-learn's `StratifiedKFold` does.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { labelKind, type Label } from './labels.js';
import { shuffleInPlace, splitRandom } from './shuffle.js';

/** Default number of folds (scikit-learn's `n_splits`). */
export const DEFAULT_FOLDS = 5;

/** Options of {@link stratifiedKFold}. */
export interface StratifiedKFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  readonly folds?: number;
  /**
   * Shuffle which rows of a class go to which fold (default false: consecutive blocks of each
   * class, exactly scikit-learn's folds). Seeded by `seed`; the generator is not numpy's, so
   * shuffled folds differ from scikit-learn's with the same seed.
   */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (default 0; ignored without `shuffle`). */
  readonly seed?: number;
}

/** One fold: the rows to fit on and the rows to evaluate on, each ascending. */
export interface Fold {
  /** Rows of every other fold. */
  readonly train: Int32Array;
  /** Rows of this fold. */
  readonly test: Int32Array;
}

/**
 * The test fold of every row (0..folds-1), as scikit-learn's `StratifiedKFold`
 * `_make_test_folds`: classes are taken in order of first appearance, the fold sizes per
 * class come from dealing the class-sorted rows round-robin, and each class's rows fill the
 * folds in row order (fold 0 first), or shuffled with `shuffle`.
 *
 * INVALID_OPTION for fewer than 2 folds or more folds than rows; INVALID_INPUT when every
 * class has fewer rows than folds. A class with fewer rows than folds is allowed (it is
 * missing from some folds), as in scikit-learn (which warns).
 */
export function stratifiedFoldAssignment(
  labels: ArrayLike<Label>,
  options: StratifiedKFoldOptions = {},
): Int32Array {
  const owner = 'stratifiedKFold';
  labelKind(owner, labels);
  const folds = options.folds ?? DEFAULT_FOLDS;
  const n = labels.length;
  if (!Number.isInteger(folds) || folds < 2) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "folds" must be an integer ≥ 2, got ${String(folds)}`,
    );
  }
  if (folds > n) {
    throw new CohortlabError('INVALID_OPTION', `${owner}: ${folds} folds for only ${n} rows`);
  }
  // Classes encoded by order of first appearance.
  const codeOf = new Map<Label, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i] as Label;
    let code = codeOf.get(label);
    if (code === undefined) {
      code = codeOf.size;
      codeOf.set(label, code);
    }
    codes[i] = code;
  }
  const k = codeOf.size;
  const counts = new Int32Array(k);
  for (const c of codes) counts[c]!++;
  if (counts.every((c) => c < folds)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: ${folds} folds but no class has that many rows`,
    );
  }
  // allocation[f * k + c]: rows of class c in fold f. Dealing the class-sorted codes
  // round-robin gives fold f the sorted positions f, f + folds, f + 2·folds, …
  const allocation = new Int32Array(folds * k);
  let position = 0;
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < (counts[c] as number); r++, position++)
      allocation[(position % folds) * k + c]!++;
  }
  const random = options.shuffle === true ? splitRandom(owner, options.seed) : undefined;
  const assignment = new Int32Array(n);
  const next = new Int32Array(k); // next slot of each class's fold list
  const foldLists = Array.from({ length: k }, (_, c) => {
    const list = new Int32Array(counts[c] as number);
    let at = 0;
    for (let f = 0; f < folds; f++) {
      for (let r = 0; r < (allocation[f * k + c] as number); r++) list[at++] = f;
    }
    return random === undefined ? list : shuffleInPlace(list, random);
  });
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    assignment[i] = (foldLists[c] as Int32Array)[next[c]!++] as number;
  }
  return assignment;
}

/**
 * Splits rows into `folds` stratified folds: each fold's test rows keep about the class
 * shares of the whole. With `shuffle: false` (default) the folds equal scikit-learn's
 * `StratifiedKFold(n_splits=folds).split(X, labels)` row for row.
 */
export function stratifiedKFold(
  labels: ArrayLike<Label>,
  options: StratifiedKFoldOptions = {},
): Fold[] {
  const assignment = stratifiedFoldAssignment(labels, options);
  return foldsFromAssignment(assignment, options.folds ?? DEFAULT_FOLDS);
}

/** The train/test rows of each fold from the fold of every row. */
export function foldsFromAssignment(assignment: Int32Array, folds: number): Fold[] {
  const sizes = new Int32Array(folds);
  for (const f of assignment) sizes[f]!++;
  const n = assignment.length;
  return Array.from({ length: folds }, (_, f) => {
    const test = new Int32Array(sizes[f] as number);
    const train = new Int32Array(n - (sizes[f] as number));
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] === f) test[a++] = i;
      else train[b++] = i;
    }
    return { train, test };
  });
}
