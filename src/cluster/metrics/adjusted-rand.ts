/**
 * The adjusted Rand index (Hubert and Arabie 1985), equal to scikit-learn's
 * `adjusted_rand_score`.
 *
 * @module
 */
import { encodeLabels, type ClusterLabels } from './labels.js';

/** Above this many (a, b) label pairs the contingency table is a Map instead of an array. */
const DENSE_LIMIT = 1 << 22;

/**
 * Agreement of two labellings of the same points, corrected for chance: 1 for identical
 * partitions (whatever the label values), about 0 for independent ones, negative when worse
 * than chance. Symmetric.
 *
 * Computed like scikit-learn from the pair confusion matrix
 * `ARI = 2 (tp·tn - fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))`, with 1 when
 * `fn = fp = 0` (including no points at all). The pair counts and their products are exact
 * (BigInt), so nothing overflows or cancels on millions of points; only the final division
 * rounds.
 *
 * @param labelsTrue one integer label per point
 * @param labelsPred another labelling of the same points (INVALID_INPUT if the lengths differ)
 */
export function adjustedRandScore(labelsTrue: ClusterLabels, labelsPred: ClusterLabels): number {
  const a = encodeLabels(labelsTrue, null, 'adjustedRandScore');
  const b = encodeLabels(labelsPred, a.codes.length, 'adjustedRandScore');
  const n = a.codes.length;

  let sumSquares = 0; // Σ n_ij²
  const kb = b.k;
  if (a.k * kb <= DENSE_LIMIT) {
    const table = new Float64Array(a.k * kb);
    for (let i = 0; i < n; i++) table[(a.codes[i] as number) * kb + (b.codes[i] as number)]!++;
    for (let i = 0; i < table.length; i++) sumSquares += (table[i] as number) ** 2;
  } else {
    const table = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = (a.codes[i] as number) * kb + (b.codes[i] as number);
      table.set(key, (table.get(key) ?? 0) + 1);
    }
    for (const count of table.values()) sumSquares += count * count;
  }
  const squares = (counts: Int32Array): bigint => {
    let total = 0n;
    for (let i = 0; i < counts.length; i++) total += BigInt(counts[i] as number) ** 2n;
    return total;
  };
  const nn = BigInt(n);
  const ss = BigInt(sumSquares);
  // scikit-learn's pair_confusion_matrix; contingency·n_k summed is Σ_j n_k[j]².
  const tp = ss - nn;
  const fp = squares(b.counts) - ss;
  const fn = squares(a.counts) - ss;
  const tn = nn * nn - fp - fn - ss;
  if (fn === 0n && fp === 0n) return 1;
  const numerator = 2n * (tp * tn - fn * fp);
  const denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  // fn > 0 or fp > 0 here, which makes the denominator positive.
  return Number(numerator) / Number(denominator);
}
