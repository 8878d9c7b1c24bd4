/**
 * The frequency / recency / T summary of every customer, computed in DuckDB, as the BG/NBD
 * model (and the lifetimes package's `summary_data_from_transaction_data`) expects it.
 *
 * @module
 */
import { resolveAsOf, toIsoDate, type DateInput } from '../../data/as-of.js';
import { exactSum, quoteLiteral } from '../../data/sql.js';
import type { Transactions } from '../../data/transactions.js';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { getNumeric, getText } from '../../table/column-table.js';

/** Time unit of recency and T: days, or weeks of 7 days. */
export type TimeUnit = 'day' | 'week';

/** Options of {@link rfmSummary}. */
export interface RfmSummaryOptions {
  /** Unit of recency, T and the holdout duration (default 'week', as in the paper). */
  readonly unit?: TimeUnit;
  /**
   * End of observation, exclusive as everywhere in cohortlab: transactions dated before it
   * count. Default: the day after the last transaction.
   */
  readonly asOf?: DateInput;
  /**
   * End of the calibration period, exclusive: when given, frequency / recency / T describe
   * the transactions before it (customers who first bought before it), and
   * `frequencyHoldout` counts their purchase days from it to `asOf`.
   */
  readonly calibrationEnd?: DateInput;
}

/** Per-customer summary, ordered by customer id; usable directly as a BG/NBD summary. */
export interface RfmSummary {
  readonly customerId: string[];
  /** Repeat purchases: distinct purchase days after the first one. */
  readonly frequency: Float64Array;
  /** Time from the first to the last purchase day. */
  readonly recency: Float64Array;
  /** Time from the first purchase day to the last day observed (the day before the end). */
  readonly T: Float64Array;
  /** Purchase days in the holdout period (only with `calibrationEnd`). */
  readonly frequencyHoldout?: Float64Array;
  /** Length of the holdout period in the unit (only with `calibrationEnd`). */
  readonly durationHoldout?: number;
  readonly unit: TimeUnit;
  /** 'YYYY-MM-DD', exclusive end of observation. */
  readonly asOf: string;
  /** 'YYYY-MM-DD', exclusive end of calibration (equal to `asOf` without holdout). */
  readonly calibrationEnd: string;
}

/**
 * Frequency, recency and T per customer, set-at-a-time in DuckDB:
 *
 * - a purchase is a customer's calendar day with transactions whose net amount is ≥ 0
 *   (several orders on one day count once, as in the paper; a day of only returns is no
 *   purchase); zero-amount days count, as CDNOW's free items do in the paper's data;
 * - frequency x = purchase days − 1 (repeat purchases);
 * - recency tₓ = last − first purchase day; T = (end − 1 day) − first purchase day, i.e. up
 *   to the last observed day, so a customer who first bought on the last day has T = 0 (the
 *   paper's convention: its first customer bought on 1997-01-01 and has T = 272 days = 38.86
 *   weeks in the calibration period 1997-01-01 … 1997-09-30, `calibrationEnd` 1997-10-01);
 * - times are in days or weeks (days / 7, not rounded);
 * - with `calibrationEnd`, the customers are those who first bought before it, and
 *   `frequencyHoldout` counts their purchase days in [calibrationEnd, asOf).
 */
export async function rfmSummary(
  tx: Transactions,
  options: RfmSummaryOptions = {},
): Promise<RfmSummary> {
  const unit = options.unit ?? 'week';
  if (unit !== 'day' && unit !== 'week') {
    throw new CohortlabError('INVALID_OPTION', `unit must be 'day' or 'week', got ${String(unit)}`);
  }
  const asOf = await resolveAsOf(tx, options.asOf);
  const calibrationEnd =
    options.calibrationEnd === undefined
      ? asOf
      : toIsoDate(options.calibrationEnd, 'calibrationEnd');
  if (calibrationEnd > asOf) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `calibrationEnd (${calibrationEnd}) must not be after asOf (${asOf})`,
    );
  }
  const perUnit = unit === 'week' ? 7 : 1;
  const end = `DATE ${quoteLiteral(asOf)}`;
  const calEnd = `DATE ${quoteLiteral(calibrationEnd)}`;
  const table = await tx.engine.columns(`
WITH purchase_days AS (
  SELECT customer_id, day FROM ${tx.table} WHERE day < ${end}
  GROUP BY customer_id, day HAVING ${exactSum('amount')} >= 0
)
SELECT customer_id,
  CAST(count(*) FILTER (day < ${calEnd}) - 1 AS DOUBLE) AS frequency,
  CAST(max(day) FILTER (day < ${calEnd}) - min(day) AS DOUBLE) / ${perUnit} AS recency,
  CAST((${calEnd} - 1) - min(day) AS DOUBLE) / ${perUnit} AS "T",
  CAST(count(*) FILTER (day >= ${calEnd}) AS DOUBLE) AS frequency_holdout
FROM purchase_days GROUP BY customer_id HAVING min(day) < ${calEnd}
ORDER BY customer_id`);
  const base = {
    customerId: getText(table, 'customer_id').map((id) => String(id)),
    frequency: getNumeric(table, 'frequency'),
    recency: getNumeric(table, 'recency'),
    T: getNumeric(table, 'T'),
    unit,
    asOf,
    calibrationEnd,
  };
  if (options.calibrationEnd === undefined) return base;
  const days = Number((await tx.engine.row(`SELECT ${end} - ${calEnd} AS d`))['d']);
  return {
    ...base,
    frequencyHoldout: getNumeric(table, 'frequency_holdout'),
    durationHoldout: days / perUnit,
  };
}
