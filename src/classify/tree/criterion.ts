/**
 * Node impurity (Gini, entropy) from weighted class counts, and the cheap "proxy" the split
 * search maximises instead of the impurity decrease.
 *
 * The impurity and improvement formulas follow scikit-learn's `_criterion.pyx` operation by
 * operation (entropy in bits), so stored impurities, the pruning path and feature importances
 * agree with it to the last bits.
 *
 * @module
 */
import type { TreeCriterion } from './options.js';

/** scikit-learn's tolerance for "impurity is zero" and "improvement reaches the minimum". */
export const EPSILON = 2.220446049250313e-16;

/** Impurity of a node with class counts `counts[offset .. offset + classes)` summing to `weight`. */
export function impurity(
  criterion: TreeCriterion,
  counts: ArrayLike<number>,
  offset: number,
  classes: number,
  weight: number,
): number {
  if (criterion === 'gini') {
    let sq = 0;
    for (let k = 0; k < classes; k++) {
      const c = counts[offset + k] as number;
      sq += c * c;
    }
    return 1 - sq / (weight * weight);
  }
  let entropy = 0;
  for (let k = 0; k < classes; k++) {
    let c = counts[offset + k] as number;
    if (c > 0) {
      c /= weight;
      entropy -= c * (Math.log(c) / Math.LN2);
    }
  }
  return entropy;
}

/**
 * scikit-learn's impurity decrease of a split, weighted by the node's share of all training
 * weight: `W_t / W · (impurity − W_R / W_t · right − W_L / W_t · left)`.
 */
export function impurityImprovement(
  totalWeight: number,
  nodeWeight: number,
  parentImpurity: number,
  leftWeight: number,
  leftImpurity: number,
  rightImpurity: number,
): number {
  const rightWeight = nodeWeight - leftWeight;
  return (
    (nodeWeight / totalWeight) *
    (parentImpurity -
      (rightWeight / nodeWeight) * rightImpurity -
      (leftWeight / nodeWeight) * leftImpurity)
  );
}

/** x·ln x with 0·ln 0 = 0. */
export function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

/**
 * Split score that orders candidate splits of one node like their impurity decrease, cheaper
 * to compute: for Gini `Σ_L c²/W_L + Σ_R c²/W_R`, for entropy
 * `Σ_L c ln c + Σ_R c ln c − W_L ln W_L − W_R ln W_R` (higher is better). `left` holds the left
 * class counts, `total` the node's; `table`, when given, is x·ln x for integers (unit weights).
 */
export function splitProxy(
  gini: boolean,
  left: Float64Array,
  total: Float64Array,
  classes: number,
  leftWeight: number,
  rightWeight: number,
  table: Float64Array | null,
): number {
  if (gini) {
    let sqLeft = 0;
    let sqRight = 0;
    for (let k = 0; k < classes; k++) {
      const l = left[k] as number;
      const r = (total[k] as number) - l;
      sqLeft += l * l;
      sqRight += r * r;
    }
    return sqLeft / leftWeight + sqRight / rightWeight;
  }
  let sum = 0;
  if (table !== null) {
    for (let k = 0; k < classes; k++) {
      const l = left[k] as number;
      sum += (table[l] as number) + (table[(total[k] as number) - l] as number);
    }
    return sum - (table[leftWeight] as number) - (table[rightWeight] as number);
  }
  for (let k = 0; k < classes; k++) {
    const l = left[k] as number;
    sum += xlogx(l) + xlogx((total[k] as number) - l);
  }
  return sum - xlogx(leftWeight) - xlogx(rightWeight);
}

/** x·ln x for x = 0 … n: the entropy proxy's logarithms looked up for unit weights. */
export function xlogxTable(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) table[i] = i * Math.log(i);
  return table;
}
