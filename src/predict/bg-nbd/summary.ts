/**
 * The per-customer input of the BG/NBD model and its validation.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';

/**
 * What the BG/NBD model needs per customer (or per group of identical customers): the
 * "frequency, recency, T" summary of Fader, Hardie & Lee (2005), all times in one unit.
 */
export interface BgNbdSummary {
  /** x: number of repeat purchases (purchases after the first). */
  readonly frequency: Float64Array;
  /** tₓ: time of the last purchase, measured from the first (0 when x = 0). */
  readonly recency: Float64Array;
  /** T: time from the first purchase to the end of the observation period. */
  readonly T: Float64Array;
  /** Optional count of customers sharing each row (grouped data); default 1 each. */
  readonly weights?: Float64Array;
}

/** Model parameters r, α (gamma-distributed purchase rate) and a, b (beta dropout). */
export type BgNbdParameters = {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
};

/**
 * Checks a summary: equal lengths, whole x ≥ 0, 0 ≤ tₓ ≤ T, tₓ = 0 when x = 0, finite
 * weights ≥ 0 with a positive total. INVALID_INPUT naming the first bad row (1-based).
 * Returns the number of rows.
 */
export function checkSummary(summary: BgNbdSummary): number {
  const { frequency: x, recency: tx, T, weights } = summary;
  const n = x.length;
  if (tx.length !== n || T.length !== n || (weights !== undefined && weights.length !== n)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      'frequency, recency, T (and weights) must have the same length',
    );
  }
  if (n === 0) throw new CohortlabError('INVALID_INPUT', 'the summary has no customers');
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const ti = tx[i] as number;
    const Ti = T[i] as number;
    const wi = weights === undefined ? 1 : (weights[i] as number);
    const row = i + 1;
    if (!Number.isInteger(xi) || xi < 0) {
      throw new CohortlabError('INVALID_INPUT', `frequency must be a whole number ≥ 0, got ${xi}`, {
        row,
        column: 'frequency',
      });
    }
    if (!(ti >= 0 && Ti >= ti && Number.isFinite(Ti))) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `need 0 ≤ recency ≤ T (finite), got recency ${ti}, T ${Ti}`,
        { row, column: 'recency' },
      );
    }
    if (xi === 0 && ti !== 0) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `recency must be 0 when frequency is 0, got ${ti}`,
        {
          row,
          column: 'recency',
        },
      );
    }
    if (!(wi >= 0 && Number.isFinite(wi))) {
      throw new CohortlabError('INVALID_INPUT', `weights must be finite and ≥ 0, got ${wi}`, {
        row,
        column: 'weights',
      });
    }
    total += wi;
  }
  if (!(total > 0)) throw new CohortlabError('INVALID_INPUT', 'weights sum to 0');
  return n;
}

/**
 * Merges rows with the same (x, tₓ, T) into one row whose weight is their total weight, in
 * order of first appearance; rows of weight 0 are dropped. The likelihood is a weighted sum
 * over rows, so it is unchanged while the work shrinks (CDNOW's 23,570 customers have about
 * half as many distinct histories: one-time buyers differ only by their first day).
 */
export function groupSummary(summary: BgNbdSummary): BgNbdSummary {
  const { frequency: x, recency: tx, T, weights } = summary;
  const index = new Map<string, number>();
  const rows: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (w === 0) continue;
    const key = `${x[i]}|${tx[i]}|${T[i]}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, rows.length);
      rows.push(i);
      totals.push(w);
    } else {
      totals[at] = (totals[at] as number) + w;
    }
  }
  return {
    frequency: Float64Array.from(rows, (i) => x[i] as number),
    recency: Float64Array.from(rows, (i) => tx[i] as number),
    T: Float64Array.from(rows, (i) => T[i] as number),
    weights: Float64Array.from(totals),
  };
}
