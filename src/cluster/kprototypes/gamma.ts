/**
 * The weight γ of one categorical mismatch against squared numeric differences in the
 * k-prototypes cost.
 *
 * Huang (1998) suggests γ between 1/3 and 2/3 of the numeric attributes' mean standard
 * deviation (`'huang'`: one half). On scaled data that is 0.5 per mismatch, while two rows
 * differ by about 2 per numeric attribute on average: the numeric side drowns a strong
 * categorical structure (see the tests, where Huang's γ scores an adjusted Rand index near 0
 * on segments planted in the categories).
 *
 * The default `'auto'` gives every attribute the same weight in the average dissimilarity of
 * two rows: a numeric attribute contributes E(x − y)² = 2·variance, a categorical one
 * γ·P(x ≠ y) = γ·(1 − Σ p²) (its Gini impurity), so
 * `γ = 2 · mean numeric variance / mean categorical impurity`. On z-scored numbers and a
 * balanced yes/no attribute that is γ = 4. Whichever side carries the segments, it is then
 * not outweighed by the other side merely by its units.
 *
 * The flip side: a balanced binary attribute (gender) is then the cheapest split there is, and
 * segments tend to divide along it (every Mall segment is nearly all-women or all-men with
 * `'auto'`); lower γ when the categories should only colour segments the numbers drive.
 *
 * @module
 */
import type { MixedProblem } from './run.js';

/** How γ is set: a number > 0, `'auto'` (equal weight per attribute) or `'huang'`. */
export type GammaOption = number | 'auto' | 'huang';

/** Population variance of each numeric attribute. */
function variances(problem: Omit<MixedProblem, 'gamma'>): Float64Array {
  const { n, p, num } = problem;
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let t = 0; t < p; t++) mean[t]! += num[i * p + t] as number;
  for (let t = 0; t < p; t++) mean[t]! /= n;
  const out = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < p; t++) {
      const d = (num[i * p + t] as number) - (mean[t] as number);
      out[t]! += d * d;
    }
  }
  for (let t = 0; t < p; t++) out[t]! /= n;
  return out;
}

/** Gini impurity 1 − Σ p² of each categorical attribute. */
function impurities(problem: Omit<MixedProblem, 'gamma'>): Float64Array {
  const { n, q, cat, nLevels } = problem;
  const out = new Float64Array(q);
  for (let t = 0; t < q; t++) {
    const counts = new Float64Array(nLevels[t] as number);
    for (let i = 0; i < n; i++) counts[cat[i * q + t] as number]!++;
    let s = 0;
    for (const c of counts) s += (c / n) ** 2;
    out[t] = 1 - s;
  }
  return out;
}

const mean = (values: Float64Array): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

/**
 * γ for the data. Where the rule has nothing to go on (no numeric attribute, constant
 * attributes), any γ > 0 gives the same clusters, and 1 is returned.
 */
export function resolveGamma(option: GammaOption, problem: Omit<MixedProblem, 'gamma'>): number {
  if (typeof option === 'number') return option;
  const v = variances(problem);
  if (option === 'huang') {
    const s = mean(v.map(Math.sqrt)) / 2;
    return s > 0 ? s : 1;
  }
  const numeric = 2 * mean(v);
  const categorical = mean(impurities(problem));
  return numeric > 0 && categorical > 0 ? numeric / categorical : 1;
}
