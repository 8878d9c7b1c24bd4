/**
 * Validation of the spend summary the Gamma-Gamma model is fitted on, and the
 * frequency–spend correlation its independence assumption is checked with.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { SpendSummary } from './likelihood.js';

/** The repeat buyers of a summary (x > 0), as a weighted {@link SpendSummary}. */
export interface RepeatBuyers {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
  readonly weights: Float64Array;
  /** Rows left out because x = 0 (no repeat purchase, so no mean repeat spend). */
  readonly withoutRepeat: number;
}

/**
 * Checks a spend summary once, at the boundary: equal lengths, x a finite whole number ≥ 0,
 * m̄ finite and > 0 where x > 0, weights finite and > 0. Rows with x = 0 carry no repeat
 * spend and are set apart (counted in `withoutRepeat`). INVALID_INPUT names the 1-based row
 * and the column otherwise.
 */
export function repeatBuyers(summary: SpendSummary): RepeatBuyers {
  const n = summary.frequency.length;
  if (summary.monetaryValue.length !== n) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `spend summary: frequency has ${n} values, monetaryValue ${summary.monetaryValue.length}`,
    );
  }
  if (summary.weights !== undefined && summary.weights.length !== n) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `spend summary: frequency has ${n} values, weights ${summary.weights.length}`,
    );
  }
  const frequency: number[] = [];
  const monetary: number[] = [];
  const weights: number[] = [];
  let withoutRepeat = 0;
  for (let i = 0; i < n; i++) {
    const x = summary.frequency[i] as number;
    const m = summary.monetaryValue[i] as number;
    const w = summary.weights === undefined ? 1 : (summary.weights[i] as number);
    if (!(Number.isInteger(x) && x >= 0)) {
      throw bad(i, 'frequency', `must be a whole number ≥ 0, found ${x}`);
    }
    if (!(Number.isFinite(w) && w > 0)) throw bad(i, 'weights', `must be > 0, found ${w}`);
    if (x === 0) {
      withoutRepeat++;
      continue;
    }
    if (!(Number.isFinite(m) && m > 0)) {
      throw bad(
        i,
        'monetaryValue',
        `must be a finite mean spend > 0 for a repeat buyer, found ${m}`,
      );
    }
    frequency.push(x);
    monetary.push(m);
    weights.push(w);
  }
  if (frequency.length === 0) {
    throw new CohortlabError(
      'NO_ROWS',
      'Gamma-Gamma needs customers with repeat purchases (frequency > 0); none found',
    );
  }
  return {
    frequency: Float64Array.from(frequency),
    monetaryValue: Float64Array.from(monetary),
    weights: Float64Array.from(weights),
    withoutRepeat,
  };
}

/**
 * The weighted Pearson correlation of frequency and mean spend: the Gamma-Gamma model assumes
 * they are independent (Fader & Hardie 2013, section 2); NaN when either does not vary.
 */
export function frequencySpendCorrelation(buyers: RepeatBuyers): number {
  const { frequency: x, monetaryValue: m, weights: w } = buyers;
  let sw = 0;
  let sx = 0;
  let sm = 0;
  for (let i = 0; i < x.length; i++) {
    sw += w[i]!;
    sx += w[i]! * x[i]!;
    sm += w[i]! * m[i]!;
  }
  const mx = sx / sw;
  const mm = sm / sw;
  let cxx = 0;
  let cmm = 0;
  let cxm = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dm = m[i]! - mm;
    cxx += w[i]! * dx * dx;
    cmm += w[i]! * dm * dm;
    cxm += w[i]! * dx * dm;
  }
  if (cxx === 0 || cmm === 0) return NaN;
  return cxm / Math.sqrt(cxx * cmm);
}

function bad(i: number, column: string, detail: string): CohortlabError {
  return new CohortlabError('INVALID_INPUT', `spend summary: ${detail}`, { row: i + 1, column });
}
