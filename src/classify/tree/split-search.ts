/**
 * The best split of one node on one feature, by sweeping class-count accumulators.
 *
 * - Numeric: the node's rows are already in ascending order of the feature (a segment of the
 *   presorted order), so one pass moves rows left one by one and scores the split between
 *   every two consecutive distinct values — O(rows) for unit-weight Gini, O(rows · classes)
 *   otherwise; no sorting.
 * - Categorical (text): per-category class counts, then categories ordered by their share of
 *   a class and every prefix of that order scored as the left set. With two classes this is
 *   Breiman's ordering, which finds the best of all 2^(K−1) subsets for Gini and entropy; with
 *   more classes each class's ordering is tried (a heuristic: the exact search is exponential).
 *
 * Candidates are compared by {@link splitProxy}; a later candidate wins only when strictly
 * better, so ties go to the lower threshold (and, across features, to the feature visited
 * first).
 *
 * @module
 */
import { splitProxy } from './criterion.js';

/** Returned when the feature has a single value in the node. */
export const CONSTANT = -2;
/** Returned when no split of the feature beats the best score so far. */
export const NOT_BETTER = -1;

/** What every sweep of a node shares. */
export interface NodeContext {
  /** Class index of every row. */
  readonly y: Int32Array;
  /** Row weights, or null for all 1. */
  readonly weights: Float64Array | null;
  /** Number of classes. */
  readonly classes: number;
  /** Weighted class counts of the node. */
  readonly total: Float64Array;
  /** Total weight of the node. */
  readonly weight: number;
  /** Fewest rows per child. */
  readonly minSamplesLeaf: number;
  /** Gini (true) or entropy. */
  readonly gini: boolean;
  /** x·ln x lookup for the entropy proxy with unit weights, else null. */
  readonly table: Float64Array | null;
  /** Scratch class counts (length `classes`). */
  readonly left: Float64Array;
}

/**
 * Sweeps positions `start .. end` of a numeric feature's presorted order. `packed[i]` is
 * `class << 1 | boundary`, where boundary is 1 when the value at `i` differs from the value at
 * `i + 1` (see `builder`): with unit weights the sweep reads nothing else, sequentially.
 * Returns the position of the first right-hand row of the best split scoring above `best`
 * (its score in `score[0]`), {@link NOT_BETTER}, or {@link CONSTANT} when the feature has one
 * value in the node.
 */
export function sweepNumeric(
  ctx: NodeContext,
  order: Int32Array,
  packed: Int32Array,
  start: number,
  end: number,
  best: number,
  score: Float64Array,
): number {
  const { weights, classes, total, weight, minSamplesLeaf, gini, table, left } = ctx;
  left.fill(0);
  const m = end - start;
  let nLeft = 0;
  let found = NOT_BETTER;
  let boundary = false;
  if (weights === null && gini) {
    // Unit weights: integer counts, so the sums of squares update exactly in O(1) per row.
    let sqLeft = 0;
    let sqRight = 0;
    for (let k = 0; k < classes; k++) sqRight += (total[k] as number) * (total[k] as number);
    for (let i = start; i < end - 1; i++) {
      const p = packed[i] as number;
      const k = p >> 1;
      const l = left[k] as number;
      left[k] = l + 1;
      sqLeft += 2 * l + 1;
      sqRight -= 2 * ((total[k] as number) - l) - 1;
      nLeft++;
      // Only between two distinct values; minSamplesLeaf counts rows, like scikit-learn.
      if ((p & 1) === 0) continue;
      boundary = true;
      if (nLeft < minSamplesLeaf) continue;
      if (m - nLeft < minSamplesLeaf) break;
      const proxy = sqLeft / nLeft + sqRight / (m - nLeft);
      if (proxy > best) {
        best = proxy;
        found = i + 1;
      }
    }
  } else {
    let wLeft = 0;
    for (let i = start; i < end - 1; i++) {
      const p = packed[i] as number;
      const w = weights === null ? 1 : (weights[order[i] as number] as number);
      left[p >> 1]! += w;
      wLeft += w;
      nLeft++;
      if ((p & 1) === 0) continue;
      boundary = true;
      if (nLeft < minSamplesLeaf) continue;
      if (m - nLeft < minSamplesLeaf) break;
      const proxy = splitProxy(gini, left, total, classes, wLeft, weight - wLeft, table);
      if (proxy > best) {
        best = proxy;
        found = i + 1;
      }
    }
  }
  score[0] = best;
  if (boundary) return found;
  // The sweep may have stopped early (minSamplesLeaf): look for a boundary in the rest.
  for (let i = start; i < end - 1; i++) if (((packed[i] as number) & 1) === 1) return found;
  return CONSTANT;
}

/**
 * The threshold between the sorted distinct values `below` and `above`: their midpoint,
 * computed as scikit-learn does (`a/2 + b/2`, falling back to `a` when rounding lands on `b`).
 */
export function midpoint(below: number, above: number): number {
  const t = below / 2 + above / 2;
  return t === above || !Number.isFinite(t) ? below : t;
}

/** Reusable buffers of the categorical search, sized for the feature with most categories. */
export class CategoryScratch {
  /** Weighted class counts per category, row-major categories × classes. */
  readonly counts: Float64Array;
  /** Rows per category. */
  readonly rows: Float64Array;
  /** Weight per category. */
  readonly weights: Float64Array;
  /** The best left set found by the last {@link searchCategorical} that improved. */
  bestSet: number[] = [];

  /** Buffers for up to `maxCategories` categories and `classes` classes, all zero. */
  constructor(maxCategories: number, classes: number) {
    this.counts = new Float64Array(maxCategories * classes);
    this.rows = new Float64Array(maxCategories);
    this.weights = new Float64Array(maxCategories);
  }
}

/**
 * Searches left sets of a categorical feature for the rows `rows[start .. end)`. Returns 0 when
 * a split scoring above `best` was found (score in `score[0]`, sorted left set in
 * `scratch.bestSet`: the smaller side, so rule text stays short), else {@link NOT_BETTER} or
 * {@link CONSTANT}.
 */
export function searchCategorical(
  ctx: NodeContext,
  codes: Int32Array,
  rows: Int32Array,
  start: number,
  end: number,
  best: number,
  score: Float64Array,
  scratch: CategoryScratch,
): number {
  const { y, weights, classes, total, weight, minSamplesLeaf, gini, table, left } = ctx;
  const { counts, rows: catRows, weights: catWeights } = scratch;
  const present: number[] = [];
  for (let i = start; i < end; i++) {
    const row = rows[i] as number;
    const c = codes[row] as number;
    const w = weights === null ? 1 : (weights[row] as number);
    if (catRows[c] === 0) present.push(c);
    catRows[c]! += 1;
    catWeights[c]! += w;
    counts[c * classes + (y[row] as number)]! += w;
  }
  let result = CONSTANT;
  if (present.length > 1) {
    result = NOT_BETTER;
    const m = end - start;
    const k = present.length;
    // Two classes: one ordering (Breiman). More: one ordering per class.
    for (let target = classes === 2 ? 1 : 0; target < classes; target++) {
      const share = (c: number): number => {
        const w = catWeights[c] as number;
        return w > 0 ? (counts[c * classes + target] as number) / w : 0;
      };
      const ordered = [...present].sort((a, b) => share(a) - share(b) || a - b);
      left.fill(0);
      let nLeft = 0;
      let wLeft = 0;
      for (let j = 0; j < k - 1; j++) {
        const c = ordered[j] as number;
        for (let t = 0; t < classes; t++) left[t]! += counts[c * classes + t] as number;
        nLeft += catRows[c] as number;
        wLeft += catWeights[c] as number;
        if (nLeft < minSamplesLeaf) continue;
        if (m - nLeft < minSamplesLeaf) break;
        const proxy = splitProxy(gini, left, total, classes, wLeft, weight - wLeft, table);
        if (proxy > best) {
          best = proxy;
          result = 0;
          // Both scores are symmetric in left and right: list the smaller side.
          const prefix = j + 1;
          const side = prefix <= k - prefix ? ordered.slice(0, prefix) : ordered.slice(prefix);
          scratch.bestSet = side.sort((a, b) => a - b);
        }
      }
    }
  }
  for (const c of present) {
    catRows[c] = 0;
    catWeights[c] = 0;
    counts.fill(0, c * classes, (c + 1) * classes);
  }
  score[0] = best;
  return result;
}
