/**
 * Actual against predicted cumulative repeat purchases of a customer base, week by week: the
 * tracking plot of Fader, Hardie & Lee (2005, figure 3).
 *
 * @module
 */
import { resolveAsOf, type DateInput } from '../../data/as-of.js';
import { exactSum, quoteLiteral } from '../../data/sql.js';
import type { Transactions } from '../../data/transactions.js';
import { getNumeric } from '../../table/column-table.js';
import { expectedPurchasesPopulation } from '../bg-nbd/expectations.js';
import type { BgNbdParameters } from '../bg-nbd/summary.js';

/** Cumulative repeat purchases at the end of each week since the first purchase in the data. */
export interface CumulativeRepeat {
  /** 'YYYY-MM-DD' of the first purchase day in the data (week 0 starts there). */
  readonly start: string;
  /** Week k (1, 2, …): the count covers the days before start + 7k. */
  readonly weeks: Float64Array;
  /** Repeat purchase days (a customer's purchase days after their first) before each end. */
  readonly actual: Float64Array;
  /** Σ over customers acquired before each end of E[X(age)] (eq. 9), age in weeks. */
  readonly predicted: Float64Array;
}

/** Options of {@link cumulativeRepeatPurchases}. */
export interface CumulativeRepeatOptions {
  /** End of observation, exclusive (default: the day after the last transaction). */
  readonly asOf?: DateInput;
}

/**
 * Week by week, the cumulative number of repeat purchases (purchase days with a net amount ≥ 0
 * after each customer's first, as in the BG/NBD summary, counted in DuckDB) against what
 * the model expects: at a week's end e, each customer who first bought on day d < e has an
 * age of (e − 1 day − d) in weeks (the summary's T convention), and is expected to have made
 * E[X(age)] repeat purchases by then. Full weeks only: the last week ends on or before asOf.
 */
export async function cumulativeRepeatPurchases(
  params: BgNbdParameters,
  tx: Transactions,
  options: CumulativeRepeatOptions = {},
): Promise<CumulativeRepeat> {
  const asOf = await resolveAsOf(tx, options.asOf);
  const end = `DATE ${quoteLiteral(asOf)}`;
  const base = `
WITH purchase_days AS (
  SELECT customer_id, day FROM ${tx.table} WHERE day < ${end}
  GROUP BY customer_id, day HAVING ${exactSum('amount')} >= 0
), firsts AS (
  SELECT customer_id, min(day) AS first FROM purchase_days GROUP BY customer_id
), origin AS (SELECT min(first) AS start FROM firsts)`;
  const firsts = await tx.engine.columns(`${base}
SELECT CAST(f.first - o.start AS DOUBLE) AS first_offset, CAST(count(*) AS DOUBLE) AS customers,
  CAST(${end} - o.start AS DOUBLE) AS span, strftime(o.start, '%Y-%m-%d') AS start
FROM firsts f, origin o GROUP BY ALL ORDER BY first_offset`);
  const repeats = await tx.engine.columns(`${base}
SELECT CAST((d.day - o.start) // 7 AS DOUBLE) AS week, CAST(count(*) AS DOUBLE) AS purchases
FROM purchase_days d JOIN firsts f USING (customer_id), origin o
WHERE d.day > f.first GROUP BY ALL ORDER BY week`);
  const offsets = getNumeric(firsts, 'first_offset');
  const counts = getNumeric(firsts, 'customers');
  const span = offsets.length === 0 ? 0 : (getNumeric(firsts, 'span')[0] as number);
  const start = offsets.length === 0 ? asOf : String(firsts['start']?.[0]);
  const K = Math.floor(span / 7);
  const weeks = Float64Array.from({ length: K }, (_, k) => k + 1);
  const perWeek = new Float64Array(K);
  const repeatWeek = getNumeric(repeats, 'week');
  const repeatCount = getNumeric(repeats, 'purchases');
  repeatWeek.forEach((w, i) => {
    if (w < K) perWeek[w]! += repeatCount[i] as number;
  });
  const actual = new Float64Array(K);
  const predicted = new Float64Array(K);
  let running = 0;
  for (let k = 0; k < K; k++) {
    running += perWeek[k] as number;
    actual[k] = running;
    const endDay = 7 * (k + 1);
    let expected = 0;
    for (let j = 0; j < offsets.length; j++) {
      const offset = offsets[j] as number;
      if (offset >= endDay) break;
      expected +=
        (counts[j] as number) * expectedPurchasesPopulation(params, (endDay - 1 - offset) / 7);
    }
    predicted[k] = expected;
  }
  return { start, weeks, actual, predicted };
}
