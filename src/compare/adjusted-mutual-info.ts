/**
 * The adjusted mutual information (Vinh, Epps and Bailey 2010), equal to scikit-learn's
 * `adjusted_mutual_info_score`, with the exact expected mutual information of
 * `expected_mutual_information`.
 *
 * @module
 */
import type { Label } from '../evaluate/labels.js';
import { logFactorials } from './log-gamma.js';
import {
  entropyOfCounts,
  generalizedAverage,
  mutualInfoFromCounts,
  type InformationOptions,
  type AverageMethod,
} from './mutual-info.js';
import { pairCounts, type PairCounts } from './pair-counts.js';

const EPSILON = 2.220446049250313e-16;

/**
 * Expected mutual information of two random labellings with the given label totals (the
 * hypergeometric model of random permutations), summed exactly over every possible cell
 * count as scikit-learn's `expected_mutual_information` does, with factorials in log space.
 * 0 when either side has a single label. Cost: about Σᵢⱼ min(aᵢ, bⱼ) terms.
 */
export function expectedMutualInfo(
  rowTotals: ArrayLike<number>,
  colTotals: ArrayLike<number>,
): number {
  if (rowTotals.length === 1 || colTotals.length === 1) return 0;
  const a = Array.from(rowTotals);
  const b = Array.from(colTotals);
  let n = 0;
  for (const v of a) n += v;
  const largest = Math.max(...a, ...b);
  // The terms of scikit-learn's loop, precomputed per cell count nij = 0..largest.
  const logN = Math.log(n);
  const lf = logFactorials(n); // lf[k] = gammaln(k + 1)
  const lgN = lf[n] as number;
  const term1 = new Float64Array(largest + 1);
  const logNnij = new Float64Array(largest + 1);
  const glnNnij = new Float64Array(largest + 1);
  for (let nij = 0; nij <= largest; nij++) {
    const value = nij === 0 ? 1 : nij; // nijs[0] = 1 in scikit-learn (never used)
    term1[nij] = value / n;
    logNnij[nij] = logN + Math.log(value);
    glnNnij[nij] = (lf[value] as number) + lgN;
  }
  let emi = 0;
  for (const ai of a) {
    const logA = Math.log(ai);
    const glnA = lf[ai] as number;
    const glnNa = lf[n - ai] as number;
    for (const bj of b) {
      const logB = Math.log(bj);
      const glnB = lf[bj] as number;
      const glnNb = lf[n - bj] as number;
      const start = Math.max(1, ai - n + bj);
      const end = Math.min(ai, bj);
      for (let nij = start; nij <= end; nij++) {
        const term2 = (logNnij[nij] as number) - logA - logB;
        const gln =
          glnA +
          glnB +
          glnNa +
          glnNb -
          (glnNnij[nij] as number) -
          (lf[ai - nij] as number) -
          (lf[bj - nij] as number) -
          (lf[n - ai - bj + nij] as number);
        emi += (term1[nij] as number) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}

/** AMI of counted pairs. */
export function adjustedMutualInfoFromCounts(counts: PairCounts, method: AverageMethod): number {
  generalizedAverage(0, 0, method);
  const r = counts.rowTotals.length;
  const c = counts.colTotals.length;
  if ((r === 1 && c === 1) || (r === 0 && c === 0)) return 1;
  const mi = mutualInfoFromCounts(counts);
  const emi = expectedMutualInfo(counts.rowTotals, counts.colTotals);
  const normalizer = generalizedAverage(
    entropyOfCounts(counts.rowTotals),
    entropyOfCounts(counts.colTotals),
    method,
  );
  let denominator = normalizer - emi;
  // scikit-learn keeps the sign and avoids 0 / 0 when the expectation equals the maximum.
  denominator = denominator < 0 ? Math.min(denominator, -EPSILON) : Math.max(denominator, EPSILON);
  return (mi - emi) / denominator;
}

/**
 * Mutual information corrected for chance: (MI − E[MI]) / (average entropy − E[MI]). 1 for
 * identical partitions under any renaming, about 0 for independent ones whatever the numbers
 * of labels (unlike NMI, which grows with them), negative when worse than chance. 1 when both
 * labellings have a single label. Equal to scikit-learn's `adjusted_mutual_info_score`
 * (default arithmetic mean).
 */
export function adjustedMutualInfo(
  a: ArrayLike<Label>,
  b: ArrayLike<Label>,
  options: InformationOptions = {},
): number {
  return adjustedMutualInfoFromCounts(
    pairCounts('adjustedMutualInfo', a, b),
    options.averageMethod ?? 'arithmetic',
  );
}
