/**
 * The counts every comparison metric is computed from: how many rows carry each pair of
 * labels (the non-zero cells of the contingency table) and each label's total.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { encodeLabels, labelKind, uniqueLabels, type Label } from '../evaluate/labels.js';

/** Above this many label pairs the cells are counted in a Map instead of an array. */
const DENSE_LIMIT = 1 << 22;

/** Non-zero contingency cells and label totals of two labellings. */
export interface PairCounts<A extends Label = Label, B extends Label = Label> {
  /** Distinct labels of the first labelling, sorted. */
  readonly rowLabels: readonly A[];
  /** Distinct labels of the second labelling, sorted. */
  readonly colLabels: readonly B[];
  /** Rows per label of the first labelling (all > 0). */
  readonly rowTotals: Float64Array;
  /** Rows per label of the second labelling (all > 0). */
  readonly colTotals: Float64Array;
  /** Row index of each non-zero cell, cells in row-major order. */
  readonly cellRow: Int32Array;
  /** Column index of each non-zero cell. */
  readonly cellCol: Int32Array;
  /** Count of each non-zero cell. */
  readonly cellCount: Float64Array;
  /** Number of rows labelled. */
  readonly n: number;
}

/**
 * Counts the label pairs of `a` and `b` (scikit-learn's sparse `contingency_matrix`).
 * INVALID_INPUT when the lengths differ or a list is not all text or all finite numbers
 * (the two lists may be of different kinds, e.g. class names against cluster numbers).
 */
export function pairCounts<A extends Label, B extends Label>(
  owner: string,
  a: ArrayLike<A>,
  b: ArrayLike<B>,
): PairCounts<A, B> {
  labelKind(`${owner} (first labelling)`, a);
  labelKind(`${owner} (second labelling)`, b);
  if (a.length !== b.length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the labellings differ in length (${a.length} and ${b.length})`,
    );
  }
  const n = a.length;
  const rowLabels = uniqueLabels(a);
  const colLabels = uniqueLabels(b);
  const rows = encodeLabels(a, rowLabels).codes;
  const cols = encodeLabels(b, colLabels).codes;
  const r = rowLabels.length;
  const c = colLabels.length;
  const rowTotals = new Float64Array(r);
  const colTotals = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    rowTotals[rows[i] as number]!++;
    colTotals[cols[i] as number]!++;
  }
  let keys: number[];
  let values: number[];
  if (r * c <= DENSE_LIMIT) {
    const dense = new Float64Array(r * c);
    for (let i = 0; i < n; i++) dense[(rows[i] as number) * c + (cols[i] as number)]!++;
    keys = [];
    values = [];
    dense.forEach((v, key) => {
      if (v > 0) {
        keys.push(key);
        values.push(v);
      }
    });
  } else {
    const sparse = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = (rows[i] as number) * c + (cols[i] as number);
      sparse.set(key, (sparse.get(key) ?? 0) + 1);
    }
    keys = [...sparse.keys()].sort((x, y) => x - y);
    values = keys.map((key) => sparse.get(key) as number);
  }
  return {
    rowLabels,
    colLabels,
    rowTotals,
    colTotals,
    cellRow: Int32Array.from(keys, (key) => Math.floor(key / c)),
    cellCol: Int32Array.from(keys, (key) => key % c),
    cellCount: Float64Array.from(values),
    n,
  };
}
