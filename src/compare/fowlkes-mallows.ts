/**
 * The Fowlkes–Mallows index, equal to scikit-learn's `fowlkes_mallows_score`.
 *
 * @module
 */
import type { Label } from '../evaluate/labels.js';
import { pairCounts, type PairCounts } from './pair-counts.js';

/** Fowlkes–Mallows index of counted pairs. */
export function fowlkesMallowsFromCounts(counts: PairCounts): number {
  const squares = (values: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += (values[i] as number) ** 2;
    return s;
  };
  // Pair counts are whole numbers, exact in float64 below 2⁵³ (n below about 9·10⁷).
  const tk = squares(counts.cellCount) - counts.n;
  const pk = squares(counts.colTotals) - counts.n;
  const qk = squares(counts.rowTotals) - counts.n;
  return tk !== 0 ? Math.sqrt(tk / pk) * Math.sqrt(tk / qk) : 0;
}

/**
 * Geometric mean of pairwise precision and recall: of the pairs of rows that share a label in
 * both labellings, relative to the pairs sharing one in each. 1 for identical partitions,
 * 0 when no pair agrees (e.g. all rows apart on one side). Equal to scikit-learn's
 * `fowlkes_mallows_score`.
 */
export function fowlkesMallows(a: ArrayLike<Label>, b: ArrayLike<Label>): number {
  return fowlkesMallowsFromCounts(pairCounts('fowlkesMallows', a, b));
}
