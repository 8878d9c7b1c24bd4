/**
 * The mean value of each customer's repeat purchases, computed in DuckDB from transactions,
 * as the Gamma-Gamma model expects it next to the BG/NBD summary.
 *
 * @module
 */
import { exactSum, quoteLiteral } from '../../data/sql.js';
import type { Transactions } from '../../data/transactions.js';
import { getNumeric, getText } from '../../table/column-table.js';

/**
 * Mean value of the repeat purchases of every customer with a purchase day before `asOf`
 * (exclusive, 'YYYY-MM-DD'), by customer id. A purchase is a calendar day whose net amount is
 * ≥ 0, as in {@link rfmSummary}: its value is the day's net amount; the first purchase day is
 * left out (the Gamma-Gamma convention: its value is usually of another kind, and x counts
 * repeat purchases). Customers without a repeat purchase day get 0.
 */
export async function repeatPurchaseValue(
  tx: Transactions,
  asOf: string,
): Promise<Map<string, number>> {
  const end = `DATE ${quoteLiteral(asOf)}`;
  const table = await tx.engine.columns(`
WITH purchase_days AS (
  SELECT customer_id, day, ${exactSum('amount')} AS value FROM ${tx.table} WHERE day < ${end}
  GROUP BY customer_id, day HAVING ${exactSum('amount')} >= 0
), ranked AS (
  SELECT customer_id, value, day > min(day) OVER (PARTITION BY customer_id) AS repeat
  FROM purchase_days
)
SELECT customer_id,
  coalesce(CAST(avg(CAST(value AS DECIMAL(38, 10))) FILTER (repeat) AS DOUBLE), 0) AS monetary_value
FROM ranked GROUP BY customer_id ORDER BY customer_id`);
  const ids = getText(table, 'customer_id');
  const values = getNumeric(table, 'monetary_value');
  return new Map(ids.map((id, i) => [String(id), values[i] as number]));
}
