/**
 * Calibration against holdout for a repeat-buying model: mean actual purchases in the holdout
 * period against the model's expectation, by number of purchases in the calibration period.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { expectedPurchases } from '../bg-nbd/expectations.js';
import type { BgNbdParameters } from '../bg-nbd/summary.js';
import type { RfmSummary } from '../bg-nbd/rfm-summary.js';

/** One group of customers with the same calibration frequency (the last group: that or more). */
export interface CalibrationHoldoutRow {
  /** Repeat purchases in the calibration period (the last row: at least this many). */
  readonly frequency: number;
  /** True for the last row, which lumps `frequency` and more. */
  readonly orMore: boolean;
  readonly customers: number;
  /** Mean purchase days in the holdout period. */
  readonly actual: number;
  /** Mean E[Y(holdout duration) | x, tₓ, T]. */
  readonly predicted: number;
}

/**
 * Groups the customers of a summary made with `calibrationEnd` (so it has `frequencyHoldout`
 * and `durationHoldout`) by calibration frequency 0, 1, …, `bins` − 2 and "`bins` − 1 or
 * more", with each group's mean actual and expected holdout purchases (Fader, Hardie & Lee
 * 2005, figure 4). INVALID_INPUT for a summary without a holdout.
 */
export function calibrationVsHoldout(
  params: BgNbdParameters,
  summary: RfmSummary,
  bins = 8,
): CalibrationHoldoutRow[] {
  const holdout = summary.frequencyHoldout;
  const duration = summary.durationHoldout;
  if (holdout === undefined || duration === undefined) {
    throw new CohortlabError(
      'INVALID_INPUT',
      'calibration vs holdout needs a summary made with calibrationEnd (a holdout period)',
    );
  }
  if (!(Number.isInteger(bins) && bins >= 2)) {
    throw new CohortlabError('INVALID_OPTION', 'bins must be a whole number ≥ 2');
  }
  const n = new Float64Array(bins);
  const actual = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  for (let i = 0; i < summary.frequency.length; i++) {
    const x = summary.frequency[i] as number;
    const k = Math.min(x, bins - 1);
    n[k]!++;
    actual[k]! += holdout[i] as number;
    predicted[k]! += expectedPurchases(
      params,
      duration,
      x,
      summary.recency[i] as number,
      summary.T[i] as number,
    );
  }
  return Array.from({ length: bins }, (_, k) => ({
    frequency: k,
    orMore: k === bins - 1,
    customers: n[k] as number,
    actual: (n[k] as number) === 0 ? NaN : (actual[k] as number) / (n[k] as number),
    predicted: (n[k] as number) === 0 ? NaN : (predicted[k] as number) / (n[k] as number),
  }));
}
