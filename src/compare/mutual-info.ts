/**
 * Entropy and mutual information of labellings, equal to scikit-learn's `mutual_info_score`
 * and `normalized_mutual_info_score`.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { Label } from '../evaluate/labels.js';
import { pairCounts, type PairCounts } from './pair-counts.js';

/** How two entropies are averaged into the normaliser of NMI and AMI. */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

/** Options of the normalised information measures. */
export interface InformationOptions {
  /** Normaliser: the `arithmetic` mean of the two entropies (default, scikit-learn's), or `geometric`, `min`, `max`. */
  readonly averageMethod?: AverageMethod;
}

const EPSILON = 2.220446049250313e-16;

/**
 * Shannon entropy (natural log) of label counts, as scikit-learn's `entropy`: 0 for a
 * single label, 1 for no rows at all.
 */
export function entropyOfCounts(counts: ArrayLike<number>): number {
  const nonzero: number[] = [];
  for (let i = 0; i < counts.length; i++)
    if ((counts[i] as number) > 0) nonzero.push(counts[i] as number);
  if (counts.length === 0) return 1;
  if (nonzero.length === 1) return 0;
  const total = nonzero.reduce((s, v) => s + v, 0);
  const logTotal = Math.log(total);
  let h = 0;
  for (const v of nonzero) h += (v / total) * (Math.log(v) - logTotal);
  return -h;
}

/** Mutual information of counted pairs (scikit-learn's `mutual_info_score` on a contingency). */
export function mutualInfoFromCounts(counts: PairCounts): number {
  const { rowTotals, colTotals, cellRow, cellCol, cellCount } = counts;
  if (rowTotals.length === 1 || colTotals.length === 1) return 0;
  const total = cellCount.reduce((s, v) => s + v, 0);
  const logTotal = Math.log(total);
  let sumRows = 0;
  for (const v of rowTotals) sumRows += v;
  let sumCols = 0;
  for (const v of colTotals) sumCols += v;
  const logRows = Math.log(sumRows);
  const logCols = Math.log(sumCols);
  let mi = 0;
  for (let k = 0; k < cellCount.length; k++) {
    const v = cellCount[k] as number;
    const share = v / total;
    const outer =
      (rowTotals[cellRow[k] as number] as number) * (colTotals[cellCol[k] as number] as number);
    const logOuter = -Math.log(outer) + logRows + logCols;
    const term = share * (Math.log(v) - logTotal) + share * logOuter;
    if (Math.abs(term) >= EPSILON) mi += term;
  }
  return Math.max(mi, 0);
}

/** The normaliser of NMI and AMI (scikit-learn's `_generalized_average`). */
export function generalizedAverage(u: number, v: number, method: AverageMethod): number {
  switch (method) {
    case 'min':
      return Math.min(u, v);
    case 'geometric':
      return Math.sqrt(u * v);
    case 'arithmetic':
      return (u + v) / 2;
    case 'max':
      return Math.max(u, v);
    default:
      throw new CohortlabError(
        'INVALID_OPTION',
        `averageMethod must be arithmetic, geometric, min or max, got ${String(method)}`,
      );
  }
}

/** NMI of counted pairs. */
export function normalizedMutualInfoFromCounts(counts: PairCounts, method: AverageMethod): number {
  generalizedAverage(0, 0, method);
  const r = counts.rowTotals.length;
  const c = counts.colTotals.length;
  if ((r === 1 && c === 1) || (r === 0 && c === 0)) return 1;
  const mi = mutualInfoFromCounts(counts);
  if (mi === 0) return 0;
  return (
    mi /
    generalizedAverage(entropyOfCounts(counts.rowTotals), entropyOfCounts(counts.colTotals), method)
  );
}

/**
 * Mutual information (in nats) between two labellings of the same rows: how much knowing one
 * label tells about the other; 0 for independent labellings. Labels may be text or numbers,
 * each side on its own. Equal to scikit-learn's `mutual_info_score`.
 */
export function mutualInfo(a: ArrayLike<Label>, b: ArrayLike<Label>): number {
  return mutualInfoFromCounts(pairCounts('mutualInfo', a, b));
}

/**
 * Mutual information divided by the average of the two entropies (`averageMethod`, default
 * arithmetic): 1 for identical partitions, near 0 for independent ones (not corrected for
 * chance; see `adjustedMutualInfo`). 1 when both labellings have a single label. Equal to
 * scikit-learn's `normalized_mutual_info_score`.
 */
export function normalizedMutualInfo(
  a: ArrayLike<Label>,
  b: ArrayLike<Label>,
  options: InformationOptions = {},
): number {
  return normalizedMutualInfoFromCounts(
    pairCounts('normalizedMutualInfo', a, b),
    options.averageMethod ?? 'arithmetic',
  );
}
